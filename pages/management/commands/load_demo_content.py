import logging
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pages.demo.loader import DATA_DIR, DemoLoader
from pages.demo.mapping import DemoDataError

# Wagtail logs every page event and every background task at INFO; a demo load
# makes hundreds. They are shown with --verbosity 2.
CHATTY_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def quiet_loggers(names, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(level, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        for logger, old_level in zip(loggers, previous, strict=True):
            logger.setLevel(old_level)


class Command(BaseCommand):
    help = (
        "Create or update the demo clinic site (Swiss Medica): locales, the home page "
        "as the default site's root, therapy and article pages, the ALS condition "
        "page, doctors, testimonials, references, clinic settings and generated "
        "images, from the YAML files in pages/demo/data/. Everything is validated and "
        "published as an editor's work would be. Idempotent: a second run changes "
        "nothing; after editing the YAML, a run publishes only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Folder of YAML files to load instead of the built-in demo.",
        )
        parser.add_argument(
            "--image-scale",
            type=float,
            default=1.0,
            help="Draw new images at this fraction of their real size (0 < scale <= 1); "
            "tests use small images to stay fast. Default: 1.",
        )

    def handle(self, *args, **options):
        chatty = CHATTY_LOGGERS if options["verbosity"] < 2 else ()
        try:
            with quiet_loggers(chatty):
                tally = DemoLoader(
                    options["data_dir"], image_scale=options["image_scale"]
                ).run()
        except DemoDataError as error:
            raise CommandError(f"The demo content was not loaded: {error}") from error
        if tally.changed:
            self.stdout.write(self.style.SUCCESS("Loaded the demo clinic site:"))
        else:
            self.stdout.write(
                self.style.SUCCESS("The demo clinic site is already up to date:")
            )
        for line in tally.lines():
            self.stdout.write(line)
