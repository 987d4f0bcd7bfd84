"""The documents app's URLs: each area's view module keeps its own list, joined here."""

from .views import archive, notices, output

urlpatterns = [*notices.urlpatterns, *output.urlpatterns, *archive.urlpatterns]
