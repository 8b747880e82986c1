"""Forms validate input shape only; the rules about banks live in services."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat

from learning.models.bank import CATEGORY_CHOICES, TYPE_CHOICES
from learning.services.accounts import username_lookalike_exists

ARTICLE_EXTENSIONS = ".txt,.md,.markdown,.html,.htm,.pdf,.docx"
SEARCH_MAX_LENGTH = 200


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")
        help_texts = {"email": "Optional. Only used to send a link if you forget your password."}

    def clean_username(self) -> str:
        username: str = super().clean_username()
        # Someone signing up as "ѕаm" (Cyrillic letters) could pass for "sam" in a roster.
        if not self.has_error("username") and username_lookalike_exists(username=username):
            raise forms.ValidationError(
                "This username looks too much like one already taken (some letters are "
                "look-alikes from another alphabet). Please choose a different one.",
                code="confusable",
            )
        return username


class ArticleUploadForm(forms.Form):
    article = forms.FileField(
        label="Article file",
        help_text=(
            "An article as plain text, Markdown, HTML, PDF or Word (.txt, .md, .html, .pdf, .docx)."
        ),
        widget=forms.FileInput(attrs={"accept": ARTICLE_EXTENSIONS}),
    )
    publish = forms.BooleanField(
        label="Publish now",
        required=False,
        help_text="Students see a published bank; leave unticked to review it first.",
    )

    def clean_article(self) -> UploadedFile:
        article: UploadedFile = self.cleaned_data["article"]
        limit: int = settings.ARTICLE_UPLOAD_MAX_BYTES
        # Checked on the size the upload handler counted, before reading a byte of it.
        if article.size is not None and article.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(article.size)}; the limit is {filesizeformat(limit)}."
            )
        return article


class QuestionFilterForm(forms.Form):
    """GET filters for a bank page; the choices offered are those present in the bank."""

    category = forms.ChoiceField(label="Category", required=False)
    type = forms.ChoiceField(label="Type", required=False)
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, data: Mapping[str, str], *, categories: set[str], types: set[str]) -> None:
        super().__init__(data)
        self.fields["category"].choices = [("", "All categories")] + [  # type: ignore[attr-defined]
            choice for choice in CATEGORY_CHOICES if choice[0] in categories
        ]
        self.fields["type"].choices = [("", "All types")] + [  # type: ignore[attr-defined]
            choice for choice in TYPE_CHOICES if choice[0] in types
        ]
        # Fixed ids, so labels, tests and browser journeys can rely on them.
        self.fields["category"].widget.attrs["id"] = "filter-category"
        self.fields["type"].widget.attrs["id"] = "filter-type"
        self.fields["q"].widget.attrs["id"] = "filter-q"

    @classmethod
    def from_query(
        cls, query: QueryDict, *, categories: set[str], types: set[str]
    ) -> QuestionFilterForm:
        """A valid form: a stale or hand-edited URL falls back to "all", never to an error.

        Search text is the user's own typing, so a bad one (too long, a NUL) is not silently
        dropped: the form says what is wrong and the page lists without a search.
        """
        probe = cls(query, categories=categories, types=types)
        probe.is_valid()
        values = {name: probe.cleaned_data.get(name) or "" for name in probe.fields}
        form = cls(values, categories=categories, types=types)
        form.is_valid()
        if "q" in probe.errors:
            form.add_error("q", probe.errors["q"])
        return form
