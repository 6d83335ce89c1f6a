"""Password rules with Vietnamese messages.

Django's Vietnamese catalogue lacks the plural forms of the minimum-length messages, so the password change
page, the administration site's "set password" and the user creation form showed them in English. The rule
is Django's; only its wording is ours.
"""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Mật khẩu này quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu của bạn phải có ít nhất {self.min_length} ký tự."
