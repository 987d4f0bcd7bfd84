from .context import ip_of, reset_client_ip, set_client_ip


class AuditContextMiddleware:
    """Makes the client address known to every audit record written while serving the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_client_ip(ip_of(request))
        try:
            return self.get_response(request)
        finally:
            reset_client_ip(token)
