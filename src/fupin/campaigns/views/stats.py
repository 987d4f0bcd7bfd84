"""stats pages."""

urlpatterns: list = []
