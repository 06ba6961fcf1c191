from wagtail.models import Collection

import factory
import wagtail_factories


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A small PDF in the root collection (wagtail-factories would add a new root)."""

    title = factory.Sequence(lambda n: f"Clinic leaflet {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(
        filename="leaflet.pdf", data=b"%PDF-1.4\n%clinic leaflet\n"
    )
