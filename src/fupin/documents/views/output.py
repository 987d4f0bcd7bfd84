"""output pages."""

urlpatterns: list = []
