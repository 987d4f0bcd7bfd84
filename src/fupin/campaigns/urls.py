"""The campaigns app's URLs: each area's view module keeps its own list, joined here."""

from .views import campaigns, dashboard, stats, tasks

urlpatterns = [*campaigns.urlpatterns, *tasks.urlpatterns, *dashboard.urlpatterns, *stats.urlpatterns]
