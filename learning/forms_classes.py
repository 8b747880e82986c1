"""Forms for classes: shape only; learning/services/classes.py decides who may join what."""

from __future__ import annotations

from django import forms

from learning.models import Classroom


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name"]
        labels = {"name": "Class name"}
        help_texts = {"name": "What students see, e.g. Haematology 101, spring term."}

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the class a name.")
        return name


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Join code",
        # Room for a pasted code with spaces or dashes around it; the service strips them.
        max_length=40,
        help_text="The 8-character code from your instructor, e.g. ABCD-2345.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
