"""The site's URLs plus two references for ``make bench``, mounted only here:

- ``bench/floor/<name>/``: the bytes of one of our responses, precomputed;
- ``bench/stock/pages/``: Wagtail API v2's default serialisation of the same pages.
"""

from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns

from .floor import floor_view
from .stock import stock_router

urlpatterns = [
    path("bench/floor/<slug:name>/", floor_view),
    path("bench/stock/", stock_router.urls),
    *site_urlpatterns,
]
