from wagtail.models import Collection

import factory
import wagtail_factories


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail-factories would add a new root)."""

    title = factory.Sequence(lambda n: f"Clinic photo {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(
        filename=factory.Sequence(lambda n: f"clinic-photo-{n}.jpg"),
        width=1200,
        height=800,
        color="teal",
    )
    description = "A bright hospital room with a bed by the window."
