"""Users for tests: one factory, one password, groups given by name or object."""

from django.contrib.auth.models import Group

import factory

PASSWORD = "a long and unguessable test password"


class UserFactory(factory.django.DjangoModelFactory):
    """An active user with ``PASSWORD``; ``groups=[...]`` takes names (the groups the
    migrations create) or ``Group`` objects."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@clinic.example")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create and groups:
            self.groups.add(
                *(
                    Group.objects.get(name=group) if isinstance(group, str) else group
                    for group in groups
                )
            )


def make_user(username: str, *groups: Group | str, **fields):
    """``make_user("edna", "Editors")``: a user in those groups, ``PASSWORD`` to log in."""
    return UserFactory(username=username, groups=groups, **fields)
