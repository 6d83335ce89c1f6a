"""Person.created_by: who entered the record (it places a person who is not yet anywhere in his author's
scope). Filled for existing people from the append-only audit log: the actor of each ``person.create``
event (the form and the workbook import both write one per new person); people the log does not name
(the demo's bulk load, a server command) keep NULL, as the system created them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_from_audit(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    users = set(User.objects.values_list("pk", flat=True))
    creators = {}
    for object_id, actor_id in (
        AuditEvent.objects.filter(action="person.create", object_type="people.person", actor_id__isnull=False)
        .order_by("at", "id")
        .values_list("object_id", "actor_id")
        .iterator(chunk_size=5000)
    ):
        if object_id.isdigit() and actor_id in users:
            creators.setdefault(int(object_id), actor_id)
    by_actor = {}
    for person_id, actor_id in creators.items():
        by_actor.setdefault(actor_id, []).append(person_id)
    for actor_id, ids in by_actor.items():
        for start in range(0, len(ids), 5000):
            Person.objects.filter(pk__in=ids[start : start + 5000]).update(created_by_id=actor_id)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_name_word_indexes"),
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người nhập",
            ),
        ),
        migrations.RunPython(fill_from_audit, migrations.RunPython.noop),
    ]
