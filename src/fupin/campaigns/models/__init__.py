"""Campaigns: the notice, its items and requirements; the tasks they give each unit; statistics tables."""

from .campaign import ActivityItem, Campaign, CampaignStatus, Contact, ItemKind, Requirement, RequirementKind
from .stats import ColumnType, FigureChoice, RowMode, StatColumn, StatFigureChoice, StatReport, StatTable, StatValue
from .task import FileKind, Reminder, Review, ReviewDecision, Submission, SubmissionFile, Task, TaskStatus

__all__ = [
    "ActivityItem",
    "Campaign",
    "CampaignStatus",
    "ColumnType",
    "Contact",
    "FigureChoice",
    "FileKind",
    "ItemKind",
    "Reminder",
    "Requirement",
    "RequirementKind",
    "Review",
    "ReviewDecision",
    "RowMode",
    "StatColumn",
    "StatFigureChoice",
    "StatReport",
    "StatTable",
    "StatValue",
    "Submission",
    "SubmissionFile",
    "Task",
    "TaskStatus",
]
