from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from eventlog import messages

from . import encoding
from .errors import PackageError


class UploadForm(forms.Form):
    """A shop admin's package. Refused here, before any run exists: an empty or oversize file, and one
    whose first bytes already say it is no package the shop reads (an archive, a binary file, an
    encoding that is ambiguous or unknown — `encoding.sniff`). The rest is judged by the import."""

    package = forms.FileField(label=_("ERP package (XML)"))

    def clean_package(self) -> UploadedFile:
        package = self.cleaned_data["package"]
        limit = settings.ERP_UPLOAD_MAX_BYTES
        if package.size > limit:
            raise forms.ValidationError(
                _("The file has %(size)s; packages of at most %(limit)s can be uploaded here. "
                  "Put larger ones into the ERP inbox."),
                params={"size": filesizeformat(package.size), "limit": filesizeformat(limit)},
                code="too_large",
            )  # fmt: skip
        package.seek(0)
        head = package.read(encoding.HEAD_BYTES)
        package.seek(0)
        try:
            encoding.sniff(head)
        except PackageError as refused:
            text = messages.text(refused.code, {"file": (package.name or "")[:200], **refused.params})
            raise forms.ValidationError(text, code="unreadable") from refused
        return package
