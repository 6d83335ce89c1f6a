"""Two ratings for a leading cadre (issue 14 §2): a person's result is rated as a party member or as a cadre,
a collective's as a collective (after 0010 has set the kind of the results already there)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0010_cadre_ratings_data")]

    operations = [
        migrations.AddConstraint(
            model_name="result",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("person__isnull", False), ("rating_kind__in", ("party_member", "cadre"))),
                    models.Q(("person__isnull", True), ("rating_kind", "collective")),
                    _connector="OR",
                ),
                name="result_rating_kind_fits",
            ),
        ),
    ]
