"""A role's description in both languages, like its title: the description written so
far becomes the English one (renamed, so every row keeps it); the Chinese one is
optional. The stored search vectors need no update: they already hold that text."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_search_indexes")]

    operations = [
        migrations.RenameField(model_name="role", old_name="description", new_name="description_en"),
        migrations.AlterField(
            model_name="role",
            name="description_en",
            field=models.TextField(verbose_name="description (English)"),
        ),
        migrations.AddField(
            model_name="role",
            name="description_zh",
            field=models.TextField(blank=True, verbose_name="description (Chinese)"),
        ),
    ]
