"""Valid data for the main forms, and raw multipart bodies (the test client would
reduce a file name to its base name before the server sees it)."""

import uuid

from westbund.taxonomy import Specialty


def profile_data(**overrides) -> dict:
    return {
        "full_name": "Lin Wei",
        "name_zh": "林伟",
        "nationality": "CN",
        "current_city": "Shanghai",
        "phone": "+86 138 0013 8000",
        "languages": "Mandarin, English",
        "highest_degree": "master",
        "university": "fudan",
        "university_other": "",
        "field_of_study": "Computer science",
        "graduation_year": "2020",
        "years_of_experience": "5",
        "current_employer": "",
        "current_title": "",
        "specialties": [Specialty.MULTIMODAL],
        "skills": "PyTorch",
        "github_url": "",
        "scholar_url": "",
        "website_url": "",
        "availability": "one_month",
        "consent_processing": "on",
        "consent_sharing": "on",
        **overrides,
    }


def role_data(**overrides) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    return {
        "title_en": "Multimodal Research Engineer",
        "title_zh": "多模态研究工程师",
        "description_en": "Train vision-language models.",
        "responsibilities": "Pre-training.",
        "requirements": "PyTorch.",
        "specialties": [Specialty.MULTIMODAL],
        "employment_type": "full_time",
        "seniority": "senior",
        "location": "Shanghai",
        "remote_policy": "onsite",
        "salary_min": "400000",
        "salary_max": "700000",
        "openings": "1",
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        **overrides,
    }


def enterprise_data(enterprise, **overrides) -> dict:
    return {
        "name_en": enterprise.name_en,
        "name_zh": enterprise.name_zh,
        "description_en": enterprise.description_en,
        "description_zh": enterprise.description_zh,
        "website": "",
        "focus_areas": list(enterprise.focus_areas),
        "unit": "",
        "headcount": "",
        **overrides,
    }


def request_data(**overrides) -> dict:
    return {
        "category": "housing",
        "subject": "A talent apartment",
        "description": "A one-bedroom flat near the West Bund.",
        **overrides,
    }


def multipart(fields: dict, files: list[tuple[str, str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body with file names sent exactly as given."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + str(item).encode()
                + b"\r\n"
            )
    for field, filename, content_type, data in files:
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
