from .public_views import urlpatterns as public_urlpatterns
from .views import urlpatterns as staff_urlpatterns

urlpatterns = [*staff_urlpatterns, *public_urlpatterns]
