from . import bank_layout_views, batch_views, coverage_views, pairing_views, program_views, public_views, views

urlpatterns = (
    views.urlpatterns
    + program_views.urlpatterns
    + batch_views.urlpatterns
    + bank_layout_views.urlpatterns
    + public_views.urlpatterns
    + coverage_views.urlpatterns
    + pairing_views.urlpatterns
)
