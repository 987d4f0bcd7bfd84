from . import program_views, views

urlpatterns = views.urlpatterns + program_views.urlpatterns
