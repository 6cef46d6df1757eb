"""Characters no one types and PostgreSQL cannot store, refused before any view runs.

A NUL in a slug or a filter value reached the database and came back as a 500
(``ValueError: A string literal cannot contain NUL characters``) from whichever view
happened to look it up. One check here answers every URL the same way, including views
written tomorrow: a bad path is a page that does not exist (404), a bad query parameter
is a malformed request (400), a bad cookie is a cookie the browser did not send.

Form bodies (POST) are left to the forms: every text field already refuses NUL and
control characters with a message next to the field, keeping what the visitor typed,
which a 400 page would throw away. Reading the body here would also fix its upload
handlers before the views choose them.
"""

import re

from django.core.exceptions import BadRequest
from django.http import Http404

from .text import CONTROL_CHARACTERS

# In a path even tab and newline make no sense; lone surrogates cannot be encoded (they
# only arrive through a server that decodes leniently, but then they must not pass).
BAD_IN_PATH = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
# In a value: the control characters our forms refuse (tab and newlines may be typed).
BAD_IN_VALUE = re.compile(rf"{CONTROL_CHARACTERS.pattern}|[\ud800-\udfff]")


class BadBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if BAD_IN_PATH.search(request.path_info):
            raise Http404("control character in the path")
        for key, values in request.GET.lists():
            if BAD_IN_VALUE.search(key) or any(BAD_IN_VALUE.search(value) for value in values):
                raise BadRequest("control character in a query parameter")
        for name in [name for name, value in request.COOKIES.items() if BAD_IN_VALUE.search(value)]:
            # An octal escape in a quoted cookie (``"\000…"``) decodes to NUL: a session
            # key like that would reach the session table.
            del request.COOKIES[name]
        return self.get_response(request)
