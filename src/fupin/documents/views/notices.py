"""notices pages."""

urlpatterns: list = []
