"""The form an editor uploads a directory file with, before its preview."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField, ValidationError


class ImportUploadForm(FlaskForm):
    file = FileField(
        "Upload a file",
        description="Open Referral UK 3.0 JSON, Open Referral UK 1.0 JSON or CSV (UTF-8), 10MB or smaller",
        widget=GovFileInput(),
    )
    submit = SubmitField("Upload and preview", widget=GovSubmitInput())

    def validate_file(self, field: FileField) -> None:
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Select a JSON or CSV file")
        if not field.data.filename.lower().endswith((".json", ".csv")):
            raise ValidationError("The selected file must be a JSON or CSV file")
