from . import batch_views, program_views, views

urlpatterns = views.urlpatterns + program_views.urlpatterns + batch_views.urlpatterns
