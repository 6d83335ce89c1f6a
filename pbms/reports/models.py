from __future__ import annotations

from django.db import models


class ExportKind(models.Model):
    """A kind of list or document the system exports, with the classification mark it must carry.

    The administrator sets the mark (e.g. "MẬT"); every file of that kind prints it at the top,
    with who exported it and when.
    """

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField("tên loại tài liệu", max_length=200)
    classification = models.CharField(
        "độ mật", max_length=40, blank=True, help_text="Để trống nếu không mật; ví dụ: MẬT, TỐI MẬT."
    )

    class Meta:
        verbose_name = "loại tài liệu xuất"
        verbose_name_plural = "loại tài liệu xuất"  # Vietnamese nouns do not inflect
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name
