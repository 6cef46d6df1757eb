import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MODELS = ["consent", "privacyevent", "auditevent"]


def move_content_types(apps, schema_editor, *, source="talent", target="privacy"):
    """The models' content types move with them, so that their permissions (and every
    group and user holding one: the officers' group, the administrators') keep their
    rows. A content type the target app already has (created before this ran, holding
    no grant that matters) gives way to the moved one."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moving = ContentType.objects.using(db).filter(app_label=source, model__in=MODELS)
    ContentType.objects.using(db).filter(
        app_label=target, model__in=moving.values("model")
    ).delete()
    moving.update(app_label=target)
    # The running process caches content types by app label: forget the old ones.
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="privacy", target="talent")


class Migration(migrations.Migration):
    """Consents, the privacy log and the audit trail move from the talent app: state only,
    the tables keep their names (``db_table``) and every row."""

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables are talent's, created and last altered there.
        ("talent", "0007_auditevent_attachment_viewed"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PrivacyEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.CharField(db_index=True, max_length=64, verbose_name='subject reference')),
                        ('kind', models.CharField(choices=[('consent_granted', 'Consent granted'), ('consent_withdrawn', 'Consent withdrawn'), ('data_exported', 'Data exported'), ('account_deleted', 'Account deleted')], max_length=30, verbose_name='kind')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                        ('details', models.JSONField(blank=True, default=dict, verbose_name='details')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='privacy_events', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'privacy event',
                        'verbose_name_plural': 'privacy events',
                        'db_table': 'talent_privacyevent',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('cv_viewed', 'CV viewed'), ('review_started', 'Review started'), ('review_decided', 'Review decided'), ('officer_assigned', 'Officer assigned'), ('csv_exported', 'CSV exported'), ('attachment_viewed', 'Service request attachment viewed')], max_length=30, verbose_name='action')),
                        ('target_type', models.CharField(max_length=60, verbose_name='target type')),
                        ('target_id', models.CharField(blank=True, max_length=40, verbose_name='target id')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                        ('details', models.JSONField(blank=True, default=dict, verbose_name='details')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                    ],
                    options={
                        'verbose_name': 'audit event',
                        'verbose_name_plural': 'audit events',
                        'db_table': 'talent_auditevent',
                        'ordering': ['-at', '-id'],
                        'indexes': [models.Index(fields=['-at', '-id'], name='talent_audit_at_idx'), models.Index(fields=['target_type', 'target_id'], name='talent_audit_target_idx'), models.Index(fields=['actor', '-at'], name='talent_audit_actor_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='Consent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('profile_processing', 'Processing of my talent profile by the hub'), ('share_with_enterprises', 'Sharing my profile and CV with the enterprises I apply to')], max_length=30, verbose_name='kind')),
                        ('version', models.CharField(default='2026-11', max_length=20, verbose_name='wording version')),
                        ('granted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='granted')),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'consent',
                        'verbose_name_plural': 'consents',
                        'db_table': 'talent_consent',
                        'ordering': ['-granted_at', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('user', 'kind'), name='talent_one_active_consent_per_kind'), models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), ('withdrawn_at__gte', models.F('granted_at')), _connector='OR'), name='talent_consent_withdrawn_after_granted')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
