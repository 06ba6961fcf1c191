"""The medical review tasks now belong to the ``review`` app (its 0001 renamed their
tables); only the state is dropped here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0006_remove_default_moderators"),
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ConsentApprovalTask"),
                migrations.DeleteModel(name="MedicalReviewTask"),
            ],
        ),
    ]
