"""Loading the page tree: the home page as the site's root, then every page below it.

A page is found again by its slug under its parent. Pages that link to pages not
created yet wait for a later pass; when they wait on each other, one of them is
saved as a draft first (see ``PageTreeLoader.break_page_cycle``).
"""

from typing import Any

from django.apps import apps

from wagtail.actions import CreatePageAction, DeletePageAction
from wagtail.models import Page, Site

from review.models import MedicalReviewRecord
from review.records import ReviewError, write_review_record

from .mapping import DemoDataError, Unresolved, apply_fields

STOCK_WELCOME_TITLE = "Welcome to your new Wagtail site!"


class CreatePageFromData(CreatePageAction):
    """``CreatePageAction`` for a page built in code rather than by an admin form.

    Wagtail 8's action saves through ``form.save()`` and so needs a form; without one
    it fails. Here ``add_child`` places the page in the tree (``Page.save`` checks the
    title and slug of a not-yet-live page) and the action does the rest as usual:
    ``save_revision`` runs ``full_clean`` when publishing, then it logs and publishes.
    A draft (``publish=False``) skips full validation, as in the admin.
    """

    def _clean_instance(self):
        pass

    def _save_instance(self):
        self.instance.live = False
        self.parent.add_child(instance=self.instance)


class PageTreeLoader:
    """The page part of ``DemoLoader``, which provides ``data``, ``registry``,
    ``tally``, ``created_now``, ``update``, ``edit_action`` and ``execute``."""

    def load_home(self) -> None:
        """The home page, as the default site's root (replacing Wagtail's stock page)."""
        entry = {**self.data["home"], "_file": "home", "path": ""}
        root = Page.get_first_root_node()
        site = Site.objects.filter(is_default_site=True).first()
        stock = site.root_page.specific if site else None
        if stock is not None and self.is_stock_welcome_page(stock):
            site.root_page = root
            site.save()
            self.execute(DeletePageAction(stock), "Wagtail's welcome page")
            self.tally.notes.append(f'Removed Wagtail\'s "{STOCK_WELCOME_TITLE}" page.')
        home = self.sync_page(entry, root)
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        if site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = site.site_name or home.title
            site.save()
            self.tally.notes.append(
                f'The default site ({site.hostname}) now starts at "{home.title}".'
            )
        self.site = site

    @staticmethod
    def is_stock_welcome_page(page: Page) -> bool:
        return (
            type(page) is Page
            and page.title == STOCK_WELCOME_TITLE
            and not page.get_children().exists()
        )

    def load_pages(self) -> None:
        """Pages in tree order; a page that names pages not created yet waits for
        another pass. When every waiting page waits on another (pages that link to
        each other), one is saved as a draft first, as an editor would do."""
        pending = sorted(
            self.data["pages"], key=lambda entry: str(entry.get("path", "")).count("/")
        )
        while pending:
            waiting = []
            for entry in pending:
                try:
                    self.sync_page(entry)
                except Unresolved as unresolved:
                    waiting.append((entry, unresolved))
            if len(waiting) == len(pending) and not self.break_page_cycle(waiting):
                problems = "; ".join(
                    f"{entry['path']} needs {unresolved}"
                    for entry, unresolved in waiting
                )
                raise DemoDataError(
                    f"These pages refer to objects that do not exist: {problems}."
                )
            pending = [entry for entry, _unresolved in waiting]

    def break_page_cycle(self, waiting: list[tuple[dict, Unresolved]]) -> bool:
        """Make one more waiting page choosable; False if none can be."""
        targets = []
        for entry, _unresolved in waiting:
            try:
                targets.append(self.page_target(entry))
            except Unresolved:
                continue
        # Pages from an earlier load exist already: knowing them may be enough.
        existing = [
            target
            for target in targets
            if target["existing"] is not None
            and not self.registry.knows("page", target["path"])
        ]
        for target in existing:
            self.registry.add("page", target["path"], target["existing"].pk)
        if existing:
            return True
        # Prefer a page that others are waiting for: it unblocks the most.
        needed = {
            unresolved.key
            for _entry, unresolved in waiting
            if unresolved.kind == "page"
        }
        candidates = [target for target in targets if target["existing"] is None]
        candidates.sort(key=lambda target: target["path"] not in needed)
        if candidates:
            self.create_page_draft(candidates[0])
            return True
        return False

    def page_model(self, entry: dict) -> type[Page]:
        try:
            model = apps.get_model(entry["type"])
        except (KeyError, LookupError, ValueError) as error:
            raise DemoDataError(
                f"{entry['_file']}: page {entry.get('path')!r} has an unknown type "
                f"{entry.get('type')!r}."
            ) from error
        if not issubclass(model, Page):
            raise DemoDataError(
                f"{entry['_file']}: {entry['type']} is not a page type."
            )
        return model

    def page_target(self, entry: dict, parent: Page | None = None) -> dict[str, Any]:
        """Where a page entry lives and what it holds; ``Unresolved`` if its parent
        does not exist yet."""
        path = str(entry.get("path", ""))
        where = f"{entry['_file']}: page {path or 'home'!r}"
        parent_path, _, slug = path.rpartition("/")
        slug = entry.get("slug") or slug
        if parent is None:
            parent = Page.objects.get(
                pk=self.registry.resolve(Page, parent_path, where)
            )
        model = self.page_model(entry)
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            existing = existing.specific
            if type(existing) is not model:
                raise DemoDataError(
                    f"{where}: the page at this path is a {type(existing).__name__}, "
                    f"not a {model.__name__}."
                )
        fields = {
            name: value
            for name, value in entry.items()
            if name not in ("type", "path", "slug", "_file")
        }
        return {
            "path": path,
            "where": where,
            "model": model,
            "parent": parent,
            "slug": slug,
            "existing": existing,
            "fields": fields,
        }

    def sync_page(self, entry: dict, parent: Page | None = None) -> Page:
        target = self.page_target(entry, parent)
        path, where, fields = target["path"], target["where"], target["fields"]
        page = target["existing"]
        if page is None:
            page = target["model"](slug=target["slug"])
            apply_fields(page, fields, self.registry, where)
            page = self.execute(
                CreatePageFromData(page, parent=target["parent"], publish=True), where
            )
            self.tally.add("pages", "created")
        else:
            outcome = self.update(page, fields, where, self.edit_action)
            if ("page", path) not in self.created_now:
                self.tally.add("pages", outcome)
        self.registry.add("page", path, page.pk)
        return page

    def create_page_draft(self, target: dict[str, Any]) -> None:
        """Save a page as an unpublished draft without the references that cannot be
        resolved yet; it is completed and published in a later pass."""
        page = target["model"](slug=target["slug"])
        apply_fields(
            page, target["fields"], self.registry, target["where"], skip_unresolved=True
        )
        page = self.execute(
            CreatePageFromData(page, parent=target["parent"]), target["where"]
        )
        self.tally.add("pages", "created")
        self.created_now.add(("page", target["path"]))
        self.registry.add("page", target["path"], page.pk)

    def stamp_review_records(self) -> None:
        """Name the published revision as the reviewed one on every demo page whose
        data gives a review record, as the reviewer's approval would
        (``review.records.record_review``): the record then vouches for exactly that
        content, and a later publish outside the workflow shows as unreviewed."""
        for pk in self.registry.keys.get("page", {}).values():
            page = Page.objects.get(pk=pk).specific
            revision = page.live_revision
            if (
                not isinstance(page, MedicalReviewRecord)
                or not page.last_reviewed
                or revision is None
                or page.reviewed_revision_id == revision.pk
            ):
                continue
            record = {"reviewed_revision": revision, "has_unreviewed_changes": False}
            revision.content.update(
                reviewed_revision=revision.pk, has_unreviewed_changes=False
            )
            revision.save(update_fields=["content"])
            type(page).objects.filter(pk=page.pk).update(**record)

    def stamp_translation_reviews(self) -> None:
        """The demo's translations of reviewed pages are reviewed in their own
        language: by the source's reviewer (the doctor's translation into that
        language, whose profile must list it), on the source's review dates, for the
        translation's live revision, as that reviewer's approval would record it
        (``review.records.write_review_record``). Already so: nothing is written."""
        for pk in self.registry.keys.get("page", {}).values():
            source = Page.objects.get(pk=pk).specific
            if (
                not isinstance(source, MedicalReviewRecord)
                or not source.reviewed_by
                or not source.last_reviewed
            ):
                continue
            for page in source.get_translations().live().specific():
                doctor = (
                    source.reviewed_by.get_translation_or_none(page.locale)
                    or source.reviewed_by
                )
                revision = page.live_revision
                if revision is None or (
                    page.reviewed_revision_id == revision.pk
                    and page.reviewed_by_id == doctor.pk
                    and page.last_reviewed == source.last_reviewed
                    and page.next_review_due == source.next_review_due
                ):
                    continue
                try:
                    write_review_record(
                        page,
                        revision,
                        doctor,
                        source.last_reviewed,
                        source.next_review_due,
                    )
                except ReviewError as error:
                    raise DemoDataError(
                        f"{page.url_path} ({page.locale.language_code}): {error}"
                    ) from error
