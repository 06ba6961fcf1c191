# Testimonial.conditions (snippets) becomes ConditionPage.testimonials (pages): the
# lowest app no longer points up at the pages app. The links are copied here, before
# snippets.0006 drops the old table, and copied back when both are reversed.

import modelcluster.fields
from django.db import migrations


def link_tables(apps):
    """The through tables of the old and the new field, as (old, new)."""
    old = apps.get_model("snippets", "Testimonial")._meta.get_field("conditions")
    new = apps.get_model("pages", "ConditionPage")._meta.get_field("testimonials")
    return old.remote_field.through, new.remote_field.through


def copy_links(source, target, db_alias):
    links = source.objects.using(db_alias).values_list(
        "conditionpage_id", "testimonial_id"
    )
    target.objects.using(db_alias).bulk_create(
        [
            target(conditionpage_id=page_id, testimonial_id=testimonial_id)
            for page_id, testimonial_id in links.order_by("pk")
        ],
        ignore_conflicts=True,
    )


def copy_links_to_pages(apps, schema_editor):
    old, new = link_tables(apps)
    copy_links(old, new, schema_editor.connection.alias)


def copy_links_to_testimonials(apps, schema_editor):
    old, new = link_tables(apps)
    copy_links(new, old, schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("pages", "0008_testimonials_outcomes_unread_option"),
        ("snippets", "0005_testimonial_consent_withdrawal_help"),
    ]
    run_before = [
        ("snippets", "0006_remove_testimonial_conditions"),
    ]

    operations = [
        migrations.AddField(
            model_name="conditionpage",
            name="testimonials",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text="Testimonials of patients treated for this condition, for the frontend's lists of testimonials about it. To show testimonials on this page, add a testimonials block to the body.",
                related_name="conditions",
                to="snippets.testimonial",
            ),
        ),
        migrations.RunPython(copy_links_to_pages, copy_links_to_testimonials),
    ]
