"""Users and what they may act on.

A user acts for one or more organisations through ``Assignment`` rows. Each
covers the subtree of its organisation *as of the date being viewed*, so a
district user sees nothing of the district's former units after 01/7/2025.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils.crypto import salted_hmac

from pbms.orgs.models import Organization


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    # Raised by "log out everywhere": it is part of the session hash, so every session signed
    # with the old value stops being valid at once (Django checks the hash on each request).
    session_epoch = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        # Django only marks set_password (``_password``); the admin's "disable password" must count too.
        self._password_disabled = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves; when the password of an existing account changed, ends what the old one opened.

        Here rather than in each view because a password changes by many paths (the admin site's forms,
        ``manage.py changepassword``, a shell): all of them call ``set_password`` and save. Logging in
        rehashes a password without marking it (Django resets ``_password``), so that is not a change.
        """
        changed = not self._state.adding and (
            getattr(self, "_password", None) is not None or getattr(self, "_password_disabled", False)
        )
        with transaction.atomic():
            super().save(*args, **kwargs)
            if changed:
                self._password_disabled = False
                from pbms.accounts.services import user_password_changed  # services import this module

                user_password_changed(user=self)

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "pbms.accounts.User.session", f"{self.password}:{self.session_epoch}", algorithm="sha256"
        ).hexdigest()


class Role(models.TextChoices):
    """The kinds of role the code knows; what each may do is data (RolePermission), set by the administrator."""

    SPECIALIST = "specialist", "Chuyên viên Ban Tổ chức"
    COMMITTEE_STAFF = "committee_staff", "Cán bộ văn phòng cấp ủy"
    CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ"
    INSPECTION = "inspection", "Cán bộ Ủy ban kiểm tra"
    AUDITOR = "auditor", "Kiểm soát nhật ký"
    CADRE = "cadre", "Cán bộ, đảng viên (hồ sơ của mình)"


class Permission(models.TextChoices):
    REGISTER_READ = "register.read", "Xem tổ chức, hồ sơ trong phạm vi"
    REGISTER_WRITE = "register.write", "Nhập liệu trong phạm vi (khi phạm vi là nhập liệu)"
    # Founding, renaming, merging, splitting, dissolving, moving a party organisation are decisions of the
    # superior committee: held over the subtree *below* the organisation of the assignment, never over it.
    ORG_RESTRUCTURE = "org.restructure", "Thành lập, đổi tên, hợp nhất, chia tách, giải thể tổ chức cấp dưới"
    AUDIT_READ = "audit.read", "Xem và xuất nhật ký hệ thống"
    DISCIPLINE_READ = "discipline.read", "Xem hồ sơ kỷ luật trong phạm vi"
    OWN_FILE = "own_file", "Xem, tự đánh giá hồ sơ của chính mình"
    OTP_REQUIRED = "otp.required", "Bắt buộc xác thực hai lớp"
    # with an "enter" grant on the top of the tree: the Ban Tổ chức opens, populates and closes the rounds
    CYCLE_RUN = "evaluations.cycle_run", "Mở, lập danh sách, kết thúc đợt đánh giá, xếp loại toàn tỉnh"


class RoleDefinition(models.Model):
    """A role as data: its name and, through RolePermission, what it may do."""

    code = models.CharField(max_length=30, choices=Role.choices, unique=True)
    name = models.CharField("tên vai trò", max_length=120)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"  # Vietnamese nouns do not inflect
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name


class RolePermission(models.Model):
    role = models.ForeignKey(RoleDefinition, on_delete=models.CASCADE, related_name="permissions")
    permission = models.CharField("quyền", max_length=40, choices=Permission.choices)

    class Meta:
        verbose_name = "quyền của vai trò"
        verbose_name_plural = "quyền của vai trò"  # Vietnamese nouns do not inflect
        constraints = [models.UniqueConstraint(fields=("role", "permission"), name="rolepermission_unique")]

    def __str__(self) -> str:
        return f"{self.role_id}: {self.permission}"


class Scope(models.TextChoices):
    VIEW = "view", "Xem"
    ENTER = "enter", "Nhập liệu"


class Assignment(models.Model):
    """The user acts for ``org`` (and its subtree) in ``role`` with ``scope``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    scope = models.CharField("phạm vi", max_length=10, choices=Scope.choices)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"  # Vietnamese nouns do not inflect
        constraints = [models.UniqueConstraint(fields=("user", "org", "role"), name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.get_scope_display()})"


class ApiToken(models.Model):
    """A personal API key. Only its SHA-256 is stored; the key itself is shown once, at creation.

    A token acts exactly as its user: same grants, same scope, revocable at any time.
    """

    PREFIX_LENGTH = 8

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("tên gợi nhớ", max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Made in a session that gave a one-time password. A key made without one stops working once its
    # account must use OTP (api_token_authenticate): otherwise a password alone would still open the API.
    otp_verified = models.BooleanField(default=False)

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"  # Vietnamese nouns do not inflect
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
