"""The donations app's URLs: each area's view module keeps its own list, joined here."""

from .views import concerns, openings, pledge_changes, public, receipts, reversals, staff, transfers

urlpatterns = [
    *public.urlpatterns,
    *staff.urlpatterns,
    *transfers.urlpatterns,
    *receipts.urlpatterns,
    *reversals.urlpatterns,
    *pledge_changes.urlpatterns,
    *concerns.urlpatterns,
    *openings.urlpatterns,
]
