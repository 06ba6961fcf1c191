# The link between testimonials and condition pages moves to the pages app
# (ConditionPage.testimonials); pages.0009 copies the links before this removes the
# old table (it runs first through its run_before, so this app names no pages
# migration), and copies them back when both are reversed.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("snippets", "0005_testimonial_consent_withdrawal_help"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="testimonial",
            name="conditions",
        ),
    ]
