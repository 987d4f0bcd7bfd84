"""Campaigns: the notice, its items and requirements; the tasks they give each unit; statistics tables."""

from .campaign import ActivityItem, Campaign, CampaignStatus, Contact, ItemKind, Requirement, RequirementKind
from .stats import ColumnType, RowMode, StatColumn, StatReport, StatTable, StatValue
from .task import FileKind, Reminder, Review, ReviewDecision, Submission, SubmissionFile, Task, TaskStatus

__all__ = [
    "ActivityItem",
    "Campaign",
    "CampaignStatus",
    "ColumnType",
    "Contact",
    "FileKind",
    "ItemKind",
    "Reminder",
    "Requirement",
    "RequirementKind",
    "Review",
    "ReviewDecision",
    "RowMode",
    "StatColumn",
    "StatReport",
    "StatTable",
    "StatValue",
    "Submission",
    "SubmissionFile",
    "Task",
    "TaskStatus",
]
