# Bilingual prose: Chinese lines are measured in double-width characters.
# ruff: noqa: E501
"""Demo content of the service package for `make run` (idempotent).

Figures (amounts, rents, minutes) are plausible examples, not the district's official
numbers: officers replace them with the real policy texts.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from westbund.accounts.groups import make_officer

from . import actions
from .models import (
    RSVP,
    ApartmentBuilding,
    ApartmentUnit,
    Event,
    HousingGuide,
    HousingOption,
    ManualChapter,
    ManualSection,
    Policy,
    RequestCategory,
    ServiceRequest,
    TalentOfficer,
)

P = Policy.Category

POLICIES = [
    {
        "slug": "xuhui-ai-talent-settlement-subsidy",
        "category": P.TALENT_SUBSIDY,
        "title_en": "Xuhui AI talent settlement subsidy",
        "title_zh": "徐汇区人工智能人才安家补贴",
        "summary_en": "A one-off settlement grant for AI professionals with a master's degree "
        "or higher who join an enterprise of the Shanghai Foundation Model Innovation Center.",
        "summary_zh": "面向入职上海市大模型创新中心企业、具有硕士及以上学历的人工智能人才，一次性发放安家补贴。",
        "body_en": "The district supports the professionals who choose the West Bund. The grant "
        "is paid in two instalments: half after the hub verifies your profile, half after "
        "twelve months of employment.",
        "body_zh": "徐汇区支持选择西岸的人才。补贴分两期发放：人才港审核通过档案后发放一半，"
        "任职满十二个月后发放另一半。",
        "eligibility_en": "Master's degree or higher; a full-time contract with an Innovation "
        "Center enterprise; a verified hub profile.",
        "eligibility_zh": "硕士及以上学历；与创新中心企业签订全职劳动合同；人才港档案已审核通过。",
        "benefits_en": "Up to CNY 50,000 (master's) or CNY 100,000 (doctorate).",
        "benefits_zh": "硕士最高5万元，博士最高10万元。",
        "documents_en": "Degree certificate; employment contract; proof of social insurance "
        "or, for foreign nationals, the work permit.",
        "documents_zh": "学位证书；劳动合同；社保缴纳证明（外籍人士提供工作许可）。",
        "how_to_apply_en": "Open a service request of the category “Policy subsidy”; your talent "
        "officer checks the documents with you and files the application.",
        "how_to_apply_zh": "提交“政策补贴”类服务申请，人才专员将与您核对材料并代为递交。",
        "effective_from": date(2024, 5, 8),
        "min_degree": "master",
        "requires_verified_profile": True,
    },
    {
        "slug": "c9-graduate-fast-track",
        "category": P.TALENT_SUBSIDY,
        "title_en": "C9 League graduate fast track",
        "title_zh": "C9高校毕业生快速通道",
        "summary_en": "The Innovation Center's second phase recruits directly from the C9 League: "
        "graduates get a faster review and a first-year living allowance.",
        "summary_zh": "创新中心二期直接面向C9联盟高校招募人才：毕业生可享受快速审核和首年生活补贴。",
        "body_en": "Graduates of Peking, Tsinghua, Fudan, Shanghai Jiao Tong, Zhejiang, USTC, "
        "Nanjing, Harbin Institute of Technology and Xi'an Jiaotong universities are reviewed "
        "within five working days.",
        "body_zh": "北京大学、清华大学、复旦大学、上海交通大学、浙江大学、中国科学技术大学、南京大学、"
        "哈尔滨工业大学、西安交通大学的毕业生，档案将在五个工作日内完成审核。",
        "eligibility_en": "A bachelor's degree or higher from a C9 League university.",
        "eligibility_zh": "C9联盟高校本科及以上学历。",
        "benefits_en": "Priority review; a living allowance of CNY 2,000 a month for the first "
        "year.",
        "benefits_zh": "优先审核；首年每月2000元生活补贴。",
        "documents_en": "Degree certificate and transcript.",
        "documents_zh": "学位证书和成绩单。",
        "how_to_apply_en": "Mark your university in your talent profile and submit it for review.",
        "how_to_apply_zh": "在人才档案中填写毕业院校并提交审核。",
        "effective_from": date(2024, 5, 8),
        "min_degree": "bachelor",
        "requires_c9": True,
    },
    {
        "slug": "talent-apartment-scheme",
        "category": P.HOUSING,
        "title_en": "Talent apartment scheme",
        "title_zh": "人才公寓计划",
        "summary_en": "Furnished apartments near the West Bund at below-market rent for up to "
        "three years.",
        "summary_zh": "西岸周边的精装人才公寓，租金低于市场价，最长可租住三年。",
        "body_en": "Apartments are allocated in the order requests are complete. Leases run one "
        "year and renew twice.",
        "body_zh": "按申请材料齐全的先后顺序分配。租期一年，可续租两次。",
        "eligibility_en": "A verified hub profile and a contract with an Innovation Center "
        "enterprise; no home owned in Shanghai.",
        "eligibility_zh": "人才港档案已审核通过，并与创新中心企业签约；在沪无自有住房。",
        "benefits_en": "Rent about 30% below comparable flats; no agency fee.",
        "benefits_zh": "租金比同类房源低约30%；免中介费。",
        "documents_en": "Employment contract; identity document; declaration of no home "
        "owned in Shanghai.",
        "documents_zh": "劳动合同；身份证件；在沪无房声明。",
        "how_to_apply_en": "Use “Apply for a talent apartment” on the residential guidance page.",
        "how_to_apply_zh": "在安居指引页面点击“申请人才公寓”。",
        "effective_from": date(2024, 5, 8),
        "requires_verified_profile": True,
    },
    {
        "slug": "newcomer-rental-subsidy",
        "category": P.HOUSING,
        "title_en": "Newcomer rental subsidy",
        "title_zh": "新引进人才租房补贴",
        "summary_en": "A monthly rental subsidy for the first two years for professionals who rent "
        "on the open market in Xuhui.",
        "summary_zh": "在徐汇区市场化租房的新引进人才，前两年可按月领取租房补贴。",
        "eligibility_en": "A bachelor's degree or higher; a lease registered in Xuhui.",
        "eligibility_zh": "本科及以上学历；在徐汇区登记备案的租赁合同。",
        "benefits_en": "CNY 1,500 to 3,000 a month depending on degree.",
        "benefits_zh": "根据学历每月1500至3000元。",
        "documents_en": "Registered lease; degree certificate.",
        "documents_zh": "备案租赁合同；学位证书。",
        "how_to_apply_en": "Open a “Housing” service request with your lease attached.",
        "how_to_apply_zh": "提交“住房”类服务申请，并附上租赁合同。",
        "effective_from": date(2024, 7, 1),
        "min_degree": "bachelor",
    },
    {
        "slug": "foreign-high-end-talent-work-permit",
        "category": P.WORK_PERMIT,
        "title_en": "Work permit and residence for foreign high-end talent",
        "title_zh": "外国高端人才工作许可与居留",
        "summary_en": "Category A work permits with a shortened review, and residence permits of "
        "up to five years, for experienced foreign AI professionals.",
        "summary_zh": "为经验丰富的外籍人工智能人才提供A类工作许可快速审批，以及最长五年的居留许可。",
        "body_en": "The hub's officers prepare the file with you and accompany you to the "
        "Xuhui service window; most permits are issued within ten working days.",
        "body_zh": "人才专员与您共同准备材料，并陪同前往徐汇区服务窗口；多数许可在十个工作日内办结。",
        "eligibility_en": "Foreign nationals with at least three years of relevant experience.",
        "eligibility_zh": "具有三年以上相关工作经验的外籍人士。",
        "benefits_en": "Faster review; residence permit up to five years; family members included.",
        "benefits_zh": "快速审批；居留许可最长五年；家属可随行办理。",
        "documents_en": "Passport; degree certificate (authenticated); proof of experience; "
        "health certificate; no-criminal-record certificate.",
        "documents_zh": "护照；经认证的学位证书；工作经历证明；体检证明；无犯罪记录证明。",
        "how_to_apply_en": "Open a “Work permit and visa” service request as soon as you have an "
        "offer.",
        "how_to_apply_zh": "获得录用后，尽快提交“工作许可与签证”类服务申请。",
        "effective_from": date(2024, 5, 8),
        "nationality_scope": "foreign",
        "min_years_experience": 3,
    },
    {
        "slug": "shanghai-residence-points-support",
        "category": P.WORK_PERMIT,
        "title_en": "Shanghai residence and hukou support",
        "title_zh": "上海居住证积分与落户支持",
        "summary_en": "Guidance and priority handling for Chinese professionals applying for "
        "Shanghai residence-permit points or hukou.",
        "summary_zh": "为申请上海居住证积分或落户的中国籍人才提供指导和优先办理。",
        "eligibility_en": "Chinese nationals with a master's degree or higher employed by an "
        "Innovation Center enterprise.",
        "eligibility_zh": "受聘于创新中心企业、具有硕士及以上学历的中国籍人才。",
        "benefits_en": "A checklist tailored to your case and a single contact for the district "
        "offices.",
        "benefits_zh": "根据个人情况定制材料清单，并由专人对接区级各部门。",
        "how_to_apply_en": "Open a “Work permit and visa” service request.",
        "how_to_apply_zh": "提交“工作许可与签证”类服务申请。",
        "effective_from": date(2024, 5, 8),
        "nationality_scope": "chinese",
        "min_degree": "master",
    },
    {
        "slug": "high-end-talent-income-tax-support",
        "category": P.TAX,
        "title_en": "Income tax support for high-end talent",
        "title_zh": "高端人才个人所得税支持",
        "summary_en": "A district award that offsets part of the individual income tax of senior "
        "AI professionals.",
        "summary_zh": "对资深人工智能人才缴纳的部分个人所得税给予区级奖励。",
        "eligibility_en": "At least five years of experience; a verified hub profile.",
        "eligibility_zh": "五年以上工作经验；人才港档案已审核通过。",
        "benefits_en": "An annual award calculated on the tax paid in Xuhui.",
        "benefits_zh": "按在徐汇区缴纳的税额每年计算奖励。",
        "how_to_apply_en": "Officers open the yearly round in March; open a “Policy subsidy” "
        "request to be reminded.",
        "how_to_apply_zh": "人才专员每年三月启动申报；可提交“政策补贴”类申请以获得提醒。",
        "effective_from": date(2024, 5, 8),
        "min_years_experience": 5,
        "requires_verified_profile": True,
    },
    {
        "slug": "healthcare-green-channel",
        "category": P.HEALTHCARE,
        "title_en": "Healthcare green channel",
        "title_zh": "医疗绿色通道",
        "summary_en": "Appointments with English-speaking doctors at partner hospitals in Xuhui, "
        "booked through your talent officer.",
        "summary_zh": "通过人才专员预约徐汇区合作医院的外语门诊。",
        "eligibility_en": "Professionals with a verified hub profile and their families.",
        "eligibility_zh": "人才港档案已审核通过的人才及其家属。",
        "benefits_en": "Priority appointments; help with commercial insurance claims.",
        "benefits_zh": "优先预约；协助办理商业保险理赔。",
        "how_to_apply_en": "Open a “Healthcare” service request.",
        "how_to_apply_zh": "提交“医疗”类服务申请。",
        "effective_from": date(2024, 5, 8),
        "requires_verified_profile": True,
    },
    {
        "slug": "childrens-school-enrolment",
        "category": P.EDUCATION,
        "title_en": "Children's school enrolment support",
        "title_zh": "子女入学支持",
        "summary_en": "Help placing your children in Xuhui's public schools or international "
        "schools, including mid-year transfers.",
        "summary_zh": "协助子女就读徐汇区公办学校或国际学校，包括学期中转学。",
        "eligibility_en": "Every professional working at an Innovation Center enterprise.",
        "eligibility_zh": "所有在创新中心企业工作的人才。",
        "benefits_en": "A school-by-school guide; officers contact the schools with you.",
        "benefits_zh": "分校介绍指南；人才专员协助与学校沟通。",
        "how_to_apply_en": "Open a “Children's schooling” service request.",
        "how_to_apply_zh": "提交“子女入学”类服务申请。",
        "effective_from": date(2024, 5, 8),
    },
    {
        "slug": "startup-incubation-support",
        "category": P.STARTUP,
        "title_en": "Startup incubation at the West Bund",
        "title_zh": "西岸创业孵化支持",
        "summary_en": "Rent-free desks for six months, compute vouchers and introductions to "
        "investors for AI founders.",
        "summary_zh": "为人工智能创业者提供六个月免租工位、算力券和投资人对接。",
        "eligibility_en": "Founders of an AI company registered, or about to register, in Xuhui.",
        "eligibility_zh": "已在或即将在徐汇区注册的人工智能企业创始人。",
        "benefits_en": "Desks in the hub; compute vouchers; association membership.",
        "benefits_zh": "人才港工位；算力券；青年企业家协会会员资格。",
        "how_to_apply_en": "Open a “Startup incubation” service request with a short pitch deck.",
        "how_to_apply_zh": "提交“创业孵化”类服务申请并附上简要商业计划书。",
        "effective_from": date(2024, 5, 8),
    },
    {
        "slug": "2023-ai-relocation-allowance",
        "category": P.TALENT_SUBSIDY,
        "title_en": "2023 AI relocation allowance",
        "title_zh": "2023年人工智能人才迁居补贴",
        "summary_en": "A relocation allowance of the Innovation Center's first phase, replaced by "
        "the settlement subsidy.",
        "summary_zh": "创新中心一期的迁居补贴，现已由安家补贴取代。",
        "effective_from": date(2023, 10, 1),
        "expires_on": date(2024, 5, 7),
    },
]

OFFICERS = [
    {
        "key": "wang-fang",
        "name_en": "Wang Fang",
        "name_zh": "王芳",
        "job_title_en": "Senior talent officer",
        "job_title_zh": "高级人才专员",
        "bio_en": "Helps newcomers settle in: housing, subsidies and the first weeks in Xuhui.",
        "bio_zh": "帮助新来的人才安家落户：住房、补贴以及在徐汇的最初几周。",
        "languages": ["zh", "en", "wuu"],
        "areas": ["housing", "policy_subsidy"],
        "office_hours_en": "Mon–Fri 9:30–17:30, Talent Hub ground floor",
        "office_hours_zh": "周一至周五 9:30–17:30，人才港一楼",
        "email": "wang.fang@talent.westbund.example",
        "phone": "+86 21 5555 0101",
    },
    {
        "key": "li-jun",
        "name_en": "Li Jun",
        "name_zh": "李军",
        "job_title_en": "Talent officer, work permits and visas",
        "job_title_zh": "人才专员（工作许可与签证）",
        "bio_en": "Prepares work permit, residence and visa files and goes to the windows with you.",
        "bio_zh": "协助准备工作许可、居留和签证材料，并陪同前往窗口办理。",
        "languages": ["zh", "en", "ja"],
        "areas": ["work_permit", "policy_subsidy"],
        "office_hours_en": "Mon–Fri 9:00–17:00",
        "office_hours_zh": "周一至周五 9:00–17:00",
        "email": "li.jun@talent.westbund.example",
        "phone": "+86 21 5555 0102",
    },
    {
        "key": "claire-dubois",
        "name_en": "Claire Dubois",
        "name_zh": "杜克莱",
        "job_title_en": "Talent officer, families",
        "job_title_zh": "人才专员（家庭服务）",
        "bio_en": "Schools, doctors and everyday life for the families who come with you.",
        "bio_zh": "为随行家庭提供入学、就医和日常生活方面的帮助。",
        "languages": ["fr", "en", "zh"],
        "areas": ["schooling", "healthcare"],
        "office_hours_en": "Tue–Sat 10:00–18:00",
        "office_hours_zh": "周二至周六 10:00–18:00",
        "email": "claire.dubois@talent.westbund.example",
        "phone": "+86 21 5555 0103",
    },
    {
        "key": "zhou-hao",
        "name_en": "Zhou Hao",
        "name_zh": "周浩",
        "job_title_en": "Startup community manager",
        "job_title_zh": "创业社区经理",
        "bio_en": "Runs the incubation desks and the Young Entrepreneurs Association's meetups.",
        "bio_zh": "负责孵化工位和青年企业家协会的活动。",
        "languages": ["zh", "en", "yue"],
        "areas": ["incubation", "other"],
        "office_hours_en": "Mon–Fri 10:00–19:00",
        "office_hours_zh": "周一至周五 10:00–19:00",
        "email": "zhou.hao@talent.westbund.example",
        "phone": "+86 21 5555 0104",
    },
]

HOUSING = [
    {
        "slug": "west-bund-talent-apartments",
        "kind": HousingOption.Kind.TALENT_APARTMENT,
        "name_en": "West Bund Talent Apartments",
        "name_zh": "西岸人才公寓",
        "summary_en": "Furnished studios and one-bedroom flats on the riverside, a walk from "
        "the Innovation Center.",
        "summary_zh": "滨江精装开间和一居室，步行即可到达创新中心。",
        "rent_min": 4200,
        "rent_max": 6800,
        "commute_minutes": 10,
        "commute_en": "on foot along the Huangpu River",
        "commute_zh": "沿黄浦江步行",
        "order": 1,
    },
    {
        "slug": "longhua-talent-residence",
        "kind": HousingOption.Kind.TALENT_APARTMENT,
        "name_en": "Longhua Talent Residence",
        "name_zh": "龙华人才公寓",
        "summary_en": "Two-bedroom flats for families near Longhua Temple, with a shared "
        "children's room.",
        "summary_zh": "龙华寺附近的两居室家庭公寓，设有共享儿童活动室。",
        "rent_min": 6500,
        "rent_max": 9500,
        "commute_minutes": 15,
        "commute_en": "metro line 11 or 12, one stop",
        "commute_zh": "地铁11号线或12号线，一站",
        "order": 2,
    },
    {
        "slug": "xuhui-newcomer-rental-subsidy",
        "kind": HousingOption.Kind.RENTAL_SUBSIDY,
        "name_en": "Xuhui newcomer rental subsidy",
        "name_zh": "徐汇新引进人才租房补贴",
        "summary_en": "Rent anywhere in Xuhui on the open market and receive a monthly subsidy "
        "for two years.",
        "summary_zh": "在徐汇区任意地点市场化租房，可连续两年按月领取补贴。",
        "order": 1,
    },
    {
        "slug": "xujiahui",
        "kind": HousingOption.Kind.NEIGHBOURHOOD,
        "name_en": "Xujiahui",
        "name_zh": "徐家汇",
        "summary_en": "Xuhui's busy centre: shopping, the cathedral, three metro lines.",
        "summary_zh": "徐汇区的繁华中心：商业、教堂和三条地铁线路。",
        "rent_min": 7000,
        "rent_max": 14000,
        "commute_minutes": 20,
        "commute_en": "metro line 11 to Longyao Road",
        "commute_zh": "地铁11号线至龙耀路",
        "order": 1,
    },
    {
        "slug": "hengfu-historic-area",
        "kind": HousingOption.Kind.NEIGHBOURHOOD,
        "name_en": "Hengshan Road – Fuxing Road historic area",
        "name_zh": "衡复历史风貌区",
        "summary_en": "Tree-lined lanes and garden houses; cafés, small theatres and quiet "
        "evenings.",
        "summary_zh": "梧桐掩映的街巷和花园洋房；咖啡馆、小剧场和安静的夜晚。",
        "rent_min": 8000,
        "rent_max": 18000,
        "commute_minutes": 25,
        "commute_en": "metro line 12, or 15 minutes by bike",
        "commute_zh": "地铁12号线，或骑行15分钟",
        "order": 2,
    },
    {
        "slug": "tianlin-caohejing",
        "kind": HousingOption.Kind.NEIGHBOURHOOD,
        "name_en": "Tianlin and Caohejing",
        "name_zh": "田林与漕河泾",
        "summary_en": "Residential streets next to the Caohejing tech park; good value for "
        "families.",
        "summary_zh": "毗邻漕河泾开发区的居住街区，适合家庭，性价比高。",
        "rent_min": 5500,
        "rent_max": 10000,
        "commute_minutes": 30,
        "commute_en": "metro line 12 or a short taxi ride",
        "commute_zh": "地铁12号线或短途打车",
        "order": 3,
    },
]

GUIDES = [
    {
        "slug": "renting-your-first-flat",
        "title_en": "Renting your first flat in Shanghai",
        "title_zh": "在上海租第一套房",
        "summary_en": "Deposits, agents, leases and what to check before you sign.",
        "summary_zh": "押金、中介、合同，以及签约前需要确认的事项。",
        "body_en": "Most leases run one year, with one or two months' deposit and rent paid "
        "monthly or quarterly.\n\nAsk for the landlord's property certificate and make sure "
        "the lease can be registered: the rental subsidy needs a registered lease.\n\nAgency "
        "fees are usually a share of one month's rent; talent apartments charge none.",
        "body_zh": "租期通常为一年，押金一至两个月，租金按月或按季度支付。\n\n请房东出示房产证，"
        "并确认合同可以登记备案：申请租房补贴需要备案合同。\n\n中介费通常为一个月租金的一部分；"
        "人才公寓不收取中介费。",
        "order": 1,
    },
    {
        "slug": "registering-your-address",
        "title_en": "Registering your address",
        "title_zh": "办理住宿登记",
        "summary_en": "Foreign nationals register where they stay within 24 hours of arrival.",
        "summary_zh": "外籍人士抵达后24小时内须办理住宿登记。",
        "body_en": "Hotels register you automatically. In a flat, go to the local police "
        "station with your passport and lease within 24 hours, and again whenever you move "
        "or renew your visa.\n\nYour talent officer can go with you the first time.",
        "body_zh": "入住酒店时由酒店代为登记。租住公寓的，须在24小时内持护照和租赁合同到所在地派出所"
        "登记；搬家或更新签证后须重新登记。\n\n第一次办理时，人才专员可以陪同前往。",
        "order": 2,
    },
]

MANUAL = [
    {
        "number": 1,
        "slug": "arriving-at-the-west-bund",
        "title_en": "Arriving at the West Bund",
        "title_zh": "初到西岸",
        "intro_en": "Your first week: who to see, what to carry, and where the hub is.",
        "intro_zh": "第一周：找谁、带什么、人才港在哪里。",
        "sections": [
            (
                "The talent hub",
                "人才港",
                "The West Bund International Talent Hub sits on the Xuhui riverside, next to "
                "the Shanghai Foundation Model Innovation Center and its AI enterprises. Come "
                "to the ground floor desk in your first week: a talent officer opens your file.",
                "西岸国际人才港位于徐汇滨江，紧邻上海市大模型创新中心及其人工智能企业。"
                "请在到达后的第一周前往一楼服务台，人才专员将为您建立服务档案。",
            ),
            (
                "Your first week checklist",
                "第一周清单",
                "Register your address, open a bank account, get a local phone number, and "
                "create your talent profile on this portal so the officers can verify it.",
                "办理住宿登记、开设银行账户、办理本地手机号码，并在本网站创建人才档案以便人才专员审核。",
            ),
        ],
    },
    {
        "number": 2,
        "slug": "work-permits-and-residence",
        "title_en": "Work permits and residence",
        "title_zh": "工作许可与居留",
        "intro_en": "How the permits work and how the hub speeds them up.",
        "intro_zh": "各类许可如何办理，以及人才港如何加快办理。",
        "sections": [
            (
                "Foreign professionals",
                "外籍人才",
                "Your employer applies for the work permit; the hub's officers check the file "
                "first so that it passes on the first try. With the permit you apply for a "
                "residence permit within 30 days of entry.",
                "工作许可由用人单位申请；人才专员会事先核对材料，争取一次通过。取得工作许可后，"
                "须在入境后30日内申请居留许可。",
            ),
            (
                "Chinese professionals",
                "中国籍人才",
                "Residence-permit points and hukou applications follow the city's rules; the "
                "hub gives you a checklist and a single contact for the district offices.",
                "居住证积分和落户申请按照本市规定办理；人才港为您提供材料清单，并由专人对接区级部门。",
            ),
        ],
    },
    {
        "number": 3,
        "slug": "finding-a-home",
        "title_en": "Finding a home",
        "title_zh": "安居",
        "intro_en": "Talent apartments, rental subsidies and the neighbourhoods of Xuhui.",
        "intro_zh": "人才公寓、租房补贴以及徐汇的各个街区。",
        "sections": [
            (
                "Talent apartments",
                "人才公寓",
                "Furnished flats near the West Bund at below-market rent. Apply through a "
                "service request; officers allocate flats as files are complete.",
                "西岸周边的精装公寓，租金低于市场价。请通过服务申请提交，人才专员按材料齐全的先后顺序分配。",
            ),
            (
                "Renting on the market",
                "市场化租房",
                "Register your lease: it is needed for the rental subsidy and for your address "
                "registration.",
                "请为租赁合同办理备案：申请租房补贴和住宿登记都需要备案合同。",
            ),
        ],
    },
    {
        "number": 4,
        "slug": "family-and-daily-life",
        "title_en": "Family and daily life",
        "title_zh": "家庭与日常生活",
        "intro_en": "Schools, doctors and the rest of life by the Huangpu River.",
        "intro_zh": "学校、就医，以及黄浦江畔的日常生活。",
        "sections": [
            (
                "Schools",
                "子女入学",
                "Xuhui has strong public schools and several international schools. Start "
                "early: officers help you with places and mid-year transfers.",
                "徐汇区拥有优质的公办学校和多所国际学校。请尽早准备，人才专员可协助联系学位和学期中转学。",
            ),
            (
                "Healthcare",
                "就医",
                "Partner hospitals offer appointments in English through the healthcare green "
                "channel. Keep your insurance card with you.",
                "合作医院通过医疗绿色通道提供外语门诊预约。请随身携带保险卡。",
            ),
            (
                "Getting around",
                "出行",
                "Metro lines 11 and 12 serve the West Bund; the riverside is made for walking "
                "and cycling.",
                "地铁11号线和12号线通达西岸；滨江步道非常适合散步和骑行。",
            ),
        ],
    },
    {
        "number": 5,
        "slug": "building-a-company",
        "title_en": "Building a company here",
        "title_zh": "在这里创业",
        "intro_en": "Incubation desks, the startup community and the Young Entrepreneurs "
        "Association.",
        "intro_zh": "孵化工位、创业社区和青年企业家协会。",
        "sections": [
            (
                "Incubation",
                "孵化",
                "Founders get rent-free desks at the hub for six months, compute vouchers and "
                "introductions to investors.",
                "创业者可在人才港获得六个月免租工位、算力券以及投资人对接。",
            ),
            (
                "The association",
                "青年企业家协会",
                "The Shanghai Emerging Industry Young Entrepreneurs Association is housed at "
                "the hub. Apply on the community page; officers review applications.",
                "上海市新兴产业青年企业家协会设在人才港。请在社区页面提交入会申请，由人才专员审核。",
            ),
        ],
    },
]


def _event_time(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _events() -> list[dict]:
    return [
        {
            "slug": "foundation-models-in-production",
            "kind": Event.Kind.TALK,
            "title_en": "Foundation models in production: lessons from the Innovation Center",
            "title_zh": "大模型落地实践：来自创新中心的经验",
            "description_en": "Engineers of three Innovation Center enterprises on serving, "
            "evaluating and fine-tuning large models for real customers. Questions welcome.",
            "description_zh": "三家创新中心企业的工程师分享大模型的部署、评测与微调经验，欢迎现场提问。",
            "starts_at": _event_time(6, 19),
            "ends_at": _event_time(6, 21),
            "venue_en": "Talent Hub auditorium, West Bund, Xuhui",
            "venue_zh": "徐汇西岸人才港报告厅",
            "capacity": 120,
            "language": Event.Language.BILINGUAL,
        },
        {
            "slug": "west-bund-demo-day",
            "kind": Event.Kind.DEMO_DAY,
            "title_en": "West Bund demo day",
            "title_zh": "西岸路演日",
            "description_en": "Ten young AI companies show what they build to investors and the "
            "Innovation Center's enterprises.",
            "description_zh": "十家人工智能初创企业向投资人和创新中心企业展示产品。",
            "starts_at": _event_time(13, 14),
            "ends_at": _event_time(13, 18),
            "venue_en": "Innovation Center, Building B, Longyao Road",
            "venue_zh": "龙耀路创新中心B栋",
            "capacity": 80,
            "language": Event.Language.CHINESE,
        },
        {
            "slug": "young-entrepreneurs-riverside-meetup",
            "kind": Event.Kind.ASSOCIATION_MEETUP,
            "title_en": "Young Entrepreneurs Association riverside meetup",
            "title_zh": "青年企业家协会滨江交流会",
            "description_en": "An informal evening for founders by the Huangpu River: short "
            "introductions, then conversations.",
            "description_zh": "黄浦江畔的创业者非正式交流：简短自我介绍后自由交流。",
            "starts_at": _event_time(20, 18, 30),
            "ends_at": _event_time(20, 21),
            "venue_en": "Talent Hub roof terrace",
            "venue_zh": "人才港屋顶露台",
            "capacity": 40,
            "language": Event.Language.BILINGUAL,
        },
        {
            "slug": "working-in-china-clinic",
            "kind": Event.Kind.WORKSHOP,
            "title_en": "Working in China: permits and tax clinic",
            "title_zh": "在华工作：许可与税务咨询会",
            "description_en": "Talent officers answer questions on work permits, residence and "
            "individual income tax, one table per topic.",
            "description_zh": "人才专员分专题解答工作许可、居留和个人所得税相关问题。",
            "starts_at": _event_time(27, 10),
            "ends_at": _event_time(27, 12),
            "venue_en": "Talent Hub, meeting room 2",
            "venue_zh": "人才港2号会议室",
            "capacity": 2,
            "language": Event.Language.ENGLISH,
        },
    ]


# Talent apartments: buildings and units officers keep in the admin (figures invented
# for the demo, in the range of the housing options above).
APARTMENT_BUILDINGS = [
    {
        "name_en": "West Bund Talent Apartments, Building 1",
        "name_zh": "西岸人才公寓1号楼",
        "address_en": "Longteng Avenue, Xuhui District",
        "address_zh": "徐汇区龙腾大道",
        "order": 1,
        "units": [
            ("1203", 1, "48.0", 6200, 2000),
            ("1205", 1, "52.5", 6500, 2000),
            ("1508", 2, "78.0", 8800, 3000),
        ],
    },
    {
        "name_en": "Longhua Talent Residence",
        "name_zh": "龙华人才公寓",
        "address_en": "Longhua Middle Road, Xuhui District",
        "address_zh": "徐汇区龙华中路",
        "order": 2,
        "units": [("0802", 0, "35.0", 4200, 1500), ("0906", 1, "46.0", 5200, 1800)],
    },
]


def _load_apartments(users) -> None:
    from enterprises.models import Enterprise

    for data in APARTMENT_BUILDINGS:
        data = dict(data)
        units = data.pop("units")
        building, _created = ApartmentBuilding.objects.update_or_create(
            name_en=data.pop("name_en"), defaults=data
        )
        for number, bedrooms, size, rent, subsidy in units:
            ApartmentUnit.objects.get_or_create(
                building=building,
                number=number,
                defaults={
                    "bedrooms": bedrooms,
                    "size_m2": size,
                    "rent": rent,
                    "subsidy": subsidy,
                    "available_from": date.today(),
                },
            )
    # The demo officer is the account officer of the demo enterprises that have none.
    Enterprise.objects.filter(account_officer__isnull=True).update(account_officer=users["officer"])


def load_demo(*, users, stdout) -> None:
    """Create or refresh the service package's demo content; safe to run again."""
    make_officer(users["officer"])
    for data in POLICIES:
        data = dict(data)
        Policy.objects.update_or_create(slug=data.pop("slug"), defaults=data)

    for order, data in enumerate(OFFICERS):
        data = dict(data)
        key = data.pop("key")
        defaults = {**data, "order": order}
        officer = None
        if key == "wang-fang":
            # The demo officer account is the directory's first officer.
            defaults["user"] = users["officer"]
            officer = TalentOfficer.objects.filter(user=users["officer"]).first()
        officer = officer or TalentOfficer.objects.filter(email=data["email"]).first()
        if officer is None:
            TalentOfficer.objects.create(**defaults)
        else:
            for field, value in defaults.items():
                setattr(officer, field, value)
            officer.save()

    for data in HOUSING:
        data = dict(data)
        HousingOption.objects.update_or_create(slug=data.pop("slug"), defaults=data)
    for data in GUIDES:
        data = dict(data)
        HousingGuide.objects.update_or_create(slug=data.pop("slug"), defaults=data)

    for data in MANUAL:
        data = dict(data)
        sections = data.pop("sections")
        chapter, _created = ManualChapter.objects.update_or_create(
            slug=data.pop("slug"), defaults=data
        )
        for order, (title_en, title_zh, body_en, body_zh) in enumerate(sections, start=1):
            ManualSection.objects.update_or_create(
                chapter=chapter,
                order=order,
                defaults={
                    "title_en": title_en,
                    "title_zh": title_zh,
                    "body_en": body_en,
                    "body_zh": body_zh,
                },
            )

    _load_apartments(users)

    for data in _events():
        Event.objects.update_or_create(slug=data.pop("slug"), defaults=data)

    professional = users["professional"]
    talk = Event.objects.get(slug="foundation-models-in-production")
    if not RSVP.objects.filter(event=talk, user=professional).exists():
        actions.rsvp_to_event(event=talk, user=professional)

    subject = "Application for a talent apartment"
    if not ServiceRequest.objects.filter(requester=professional, subject=subject).exists():
        service_request = actions.open_request(
            requester=professional,
            category=RequestCategory.HOUSING,
            subject=subject,
            description="I start at an Innovation Center enterprise next month and would like "
            "a one-bedroom flat in the West Bund Talent Apartments from the 1st.",
        )
        actions.assign_request(
            request=service_request, officer=users["officer"], by=users["officer"]
        )
        actions.reply_to_request(
            request=service_request,
            by=users["officer"],
            body="Welcome to the West Bund! Please send your employment contract; I will "
            "reserve a viewing for you.",
        )
        actions.change_request_status(
            request=service_request,
            to_status=ServiceRequest.Status.WAITING,
            by=users["officer"],
            reason="Waiting for the employment contract.",
        )

    stdout.write(
        f"Service package: {Policy.objects.count()} policies, "
        f"{TalentOfficer.objects.count()} officers, {HousingOption.objects.count()} housing "
        f"options, {ManualChapter.objects.count()} manual chapters, "
        f"{Event.objects.upcoming().count()} upcoming events."
    )
