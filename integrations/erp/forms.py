from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    package = forms.FileField(label=_("ERP package (XML)"))

    def clean_package(self) -> UploadedFile:
        package = self.cleaned_data["package"]
        limit = settings.ERP_UPLOAD_MAX_BYTES
        if package.size > limit:
            raise forms.ValidationError(
                _("The file has %(size)s; packages of at most %(limit)s can be uploaded here. "
                  "Put larger ones into the ERP inbox folder."),
                params={"size": filesizeformat(package.size), "limit": filesizeformat(limit)},
                code="too_large",
            )  # fmt: skip
        return package
