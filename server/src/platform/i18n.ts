import type { ErrorCode } from './errors.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Catalog = Record<ErrorCode | MessageKey, string>;
type MessageKey =
  | 'field.required'
  | 'field.invalid'
  | 'import.unknown_community'
  | 'import.unknown_building'
  | 'import.unknown_grid'
  | 'import.out_of_scope'
  | 'import.duplicate_in_file'
  | 'import.bad_id_number'
  | 'import.bad_phone'
  | 'import.bad_date'
  | 'import.bad_gender'
  | 'import.bad_number'
  | 'import.missing_columns'
  | 'import.empty'
  | 'import.too_many_rows'
  | 'import.unparsable'
  | 'import.id_number_taken'
  | 'import.code_taken'
  | 'import.write_failed'
  | 'export.unknown_kind'
  | 'export.unknown_filter'
  | 'export.too_many_rows'
  | 'export.not_ready'
  | 'export.user_gone'
  | 'export.write_failed'
  | 'import.kind'
  | 'import.file_required'
  | 'import.bad_xlsx'
  | 'import.division_code'
  | 'import.division_parent'
  | 'import.division_out_of_scope'
  | 'media.file_required'
  | 'media.unknown_photo'
  | 'org.not_community'
  | 'org.parent_level'
  | 'org.polygon_required'
  | 'org.polygon_invalid'
  | 'org.polygon_overlaps'
  | 'org.outside_china'
  | 'org.lat_lng_pair'
  | 'org.grid_not_in_community'
  | 'org.building_not_in_community'
  | 'org.household_not_in_community'
  | 'org.household_not_in_building'
  | 'org.person_not_in_community'
  | 'org.bad_id_number'
  | 'org.bad_phone'
  | 'org.birth_in_future'
  | 'org.no_home'
  | 'matters.unknown_category'
  | 'matters.unknown_department'
  | 'matters.outside_area'
  | 'matters.unknown_grid'
  | 'matters.location_required'
  | 'matters.field_required'
  | 'matters.field_invalid'
  | 'matters.no_community'
  | 'matters.bad_assignee'
  | 'matters.photo_on_site'
  | 'matters.illegal_transition'
  | 'matters.merge_self'
  | 'matters.merge_target'
  | 'matters.duty_order'
  | 'matters.extension_pending'
  | 'matters.extension_after_due'
  | 'matters.extension_decided'
  | 'matters.assist_open'
  | 'matters.assist_closed'
  | 'matters.assist_lead_department'
  | 'points.rule_in_past'
  | 'points.insufficient'
  | 'points.key_reused'
  | 'points.correction_too_large'
  | 'points.not_of_community'
  | 'points.correction_second_person'
  | 'points.correction_decided'
  | 'points.unknown_item'
  | 'points.merchant_elsewhere'
  | 'points.out_of_stock'
  | 'points.unknown_voucher'
  | 'points.already_redeemed'
  | 'points.voucher_void'
  | 'points.item_changed'
  | 'volunteer.full'
  | 'volunteer.not_open'
  | 'volunteer.not_signed_up'
  | 'volunteer.bad_code'
  | 'volunteer.too_far'
  | 'volunteer.not_leader'
  | 'volunteer.wrong_state'
  | 'volunteer.unknown_team'
  | 'volunteer.photo_required'
  | 'volunteer.minutes_too_long'
  | 'deliberation.bad_scope'
  | 'deliberation.topic_not_open'
  | 'deliberation.bad_times'
  | 'deliberation.unknown_topic'
  | 'deliberation.topic_not_on_agenda'
  | 'deliberation.meeting_not_scheduled'
  | 'deliberation.minutes_taken'
  | 'deliberation.not_of_community'
  | 'deliberation.meeting_not_held'
  | 'deliberation.slot_closed'
  | 'deliberation.already_booked'
  | 'deliberation.slot_full'
  | 'deliberation.booking_state'
  | 'deliberation.options_required'
  | 'deliberation.no_electorate'
  | 'deliberation.vote_not_open'
  | 'deliberation.reminded_recently'
  | 'deliberation.unknown_option'
  | 'deliberation.not_eligible'
  | 'deliberation.already_voted'
  | 'deliberation.voted_on_paper'
  | 'deliberation.voted_by_proxy'
  | 'deliberation.elector_voted_online'
  | 'deliberation.elector_voted_paper'
  | 'deliberation.elector_voted_proxy'
  | 'deliberation.unknown_elector'
  | 'deliberation.vote_not_closed'
  | 'deliberation.unknown_comment'
  | 'mediation.illegal_transition'
  | 'mediation.already_taken'
  | 'mediation.applicant_required'
  | 'mediation.parties_incomplete'
  | 'mediation.bad_id_number'
  | 'input.bad_text'
  | 'input.duplicate'
  | 'input.unknown_reference'
  | 'input.out_of_range'
  | 'devices.unknown_place'
  | 'devices.rule_target'
  | 'devices.rule_incomplete'
  | 'devices.unknown_category'
  | 'devices.unknown_care_target'
  | 'devices.readings_order'
  | 'devices.readings_range'
  | 'devices.readings_buckets'
  | 'mediation.bad_credit_code'
  | 'notify.text'
  | 'notify.alarm_call'
  | 'notify.help_call'
  | 'notify.matter.new'
  | 'notify.matter.followed'
  | 'notify.matter.changed'
  | 'notify.matter.to_department'
  | 'notify.matter.deadline_warning'
  | 'notify.matter.extension_requested'
  | 'notify.matter.extension_decided'
  | 'notify.matter.assist_requested'
  | 'notify.matter.assist_replied'
  | 'notify.care.missed_check'
  | 'notify.care.escalated'
  | 'notify.care.escalated_body'
  | 'notify.deliberation.topic_agenda'
  | 'notify.deliberation.meeting_invite'
  | 'notify.deliberation.meeting_cancelled'
  | 'notify.deliberation.vote_reminder'
  | 'notify.deliberation.booking'
  | 'notify.deliberation.booking_cancelled'
  | 'notify.deliberation.booking_reminder'
  | 'notify.mediation.new_case'
  | 'notify.mediation.assigned'
  | 'notify.mediation.overdue'
  | 'notify.rights.opened'
  | 'notify.mediation.follow_up_due'
  | 'notify.supervision.order'
  | 'notify.supervision.reminder'
  | 'notify.supervision.card'
  | 'mediation.bad_phone'
  | 'oddjobs.bad_credit_code'
  | 'oddjobs.credit_code_taken'
  | 'oddjobs.already_registered'
  | 'oddjobs.not_community'
  | 'oddjobs.community_required'
  | 'oddjobs.bad_phone'
  | 'oddjobs.employer_not_approved'
  | 'oddjobs.already_reviewed'
  | 'oddjobs.fee_wording'
  | 'oddjobs.below_minimum'
  | 'oddjobs.piece_rate_required'
  | 'oddjobs.ends_before_start'
  | 'oddjobs.ends_in_past'
  | 'oddjobs.no_seeker_profile'
  | 'oddjobs.not_open'
  | 'oddjobs.already_applied'
  | 'oddjobs.headcount_full'
  | 'oddjobs.bad_step'
  | 'oddjobs.qr_forged'
  | 'oddjobs.qr_expired'
  | 'oddjobs.qr_wrong_code'
  | 'oddjobs.already_rated'
  | 'oddjobs.already_reported'
  | 'notify.oddjobs.match'
  | 'notify.oddjobs.applied'
  | 'notify.oddjobs.interview'
  | 'notify.oddjobs.hired'
  | 'notify.oddjobs.rejected'
  | 'notify.oddjobs.employer_approved'
  | 'notify.oddjobs.employer_rejected'
  | 'jobfairs.not_division'
  | 'jobfairs.not_open'
  | 'jobfairs.closed'
  | 'jobfairs.full'
  | 'jobfairs.already_signed_up'
  | 'jobfairs.not_signed_up'
  | 'jobfairs.not_signed_in'
  | 'jobfairs.unknown_code'
  | 'jobfairs.booth_taken'
  | 'jobfairs.bad_step'
  | 'jobfairs.already_interviewed'
  | 'jobfairs.followup_not_due'
  | 'jobfairs.already_followed_up'
  | 'rights.route_not_for_kind'
  | 'rights.same_route'
  | 'rights.not_open'
  | 'rights.community_required'
  | 'rights.not_community'
  | 'rights.bad_phone'
  | 'rights.bad_id_number'
  | 'rights.slot_required'
  | 'rights.unknown_shift'
  | 'rights.not_a_slot'
  | 'rights.slot_taken'
  | 'rights.shift_ends_before_start'
  | 'rights.shift_too_long'
  | 'rights.shift_not_whole_slots'
  | 'rights.date_in_future'
  | 'courses.session_full'
  | 'courses.session_over'
  | 'courses.session_not_open'
  | 'courses.bad_code'
  | 'courses.no_lesson'
  | 'courses.no_quiz'
  | 'courses.answers_count'
  | 'courses.answer_not_an_option'
  | 'courses.fraud_type_required'
  | 'courses.fraud_type_only_for_anti_fraud'
  | 'courses.ends_before_start'
  | 'courses.unknown_station'
  | 'courses.place_required'
  | 'courses.not_community'
  | 'courses.already_revoked'
  | 'welfare.not_community'
  | 'welfare.not_current'
  | 'welfare.limit_reached'
  | 'welfare.ends_before_start'
  | 'legal.fraud_type_required'
  | 'legal.fraud_type_only_for_fraud'
  | 'legal.community_required'
  | 'legal.not_community'
  | 'legal.community_without_grid'
  | 'legal.amount_without_loss'
  | 'budgets.not_community'
  | 'budgets.voting_before_proposals_close'
  | 'budgets.closes_before_opens'
  | 'budgets.closes_in_past'
  | 'budgets.not_voter'
  | 'budgets.not_proposing'
  | 'budgets.cost_over_budget'
  | 'budgets.review_closed'
  | 'budgets.reason_required'
  | 'budgets.not_voting'
  | 'budgets.duplicate_choice'
  | 'budgets.not_feasible'
  | 'budgets.over_budget'
  | 'budgets.already_counted'
  | 'budgets.still_open'
  | 'budgets.not_funded'
  | 'elections.not_community'
  | 'elections.bad_buildings'
  | 'elections.bad_times'
  | 'elections.no_electorate'
  | 'elections.not_nominating'
  | 'elections.not_owner'
  | 'elections.candidate_not_owner'
  | 'elections.already_candidate'
  | 'elections.review_closed'
  | 'elections.reason_required'
  | 'elections.too_many_marks'
  | 'elections.duplicate_mark'
  | 'elections.unknown_candidate'
  | 'elections.not_voting'
  | 'elections.already_voted'
  | 'elections.not_elector'
  | 'elections.already_counted'
  | 'elections.still_open'
  | 'elections.no_lot_pending'
  | 'elections.bad_lot'
  | 'surveys.not_community'
  | 'surveys.outside_community'
  | 'surveys.duplicate_question'
  | 'surveys.options_required'
  | 'surveys.options_not_allowed'
  | 'surveys.max_choices_over_options'
  | 'surveys.bounds_reversed'
  | 'surveys.closes_before_opens'
  | 'surveys.closes_in_past'
  | 'surveys.already_published'
  | 'surveys.not_in_audience'
  | 'surveys.not_open'
  | 'surveys.already_answered'
  | 'surveys.unknown_question'
  | 'surveys.answer_required'
  | 'surveys.bad_answer'
  | 'surveys.too_many_choices'
  | 'surveys.out_of_range'
  | 'surveys.not_text_question'
  | 'matters.follow_up_not_reporter'
  | 'matters.follow_up_done'
  | 'matters.follow_up_rating_required'
  | 'notify.surveys.published'
  | 'notify.matters.follow_up'
  | 'credit.not_merchant'
  | 'credit.points_out_of_bounds'
  | 'credit.future_date'
  | 'credit.no_such_line'
  | 'credit.line_voided'
  | 'credit.appeal_pending'
  | 'credit.appeal_decided'
  | 'credit.repair_points_required'
  | 'credit.pledge_signed'
  | 'access.not_resident'
  | 'access.bad_plate'
  | 'access.pass_too_long'
  | 'access.pass_ends_before_start'
  | 'access.pass_in_past'
  | 'access.person_elsewhere'
  | 'access.already_registered'
  | 'access.card_taken'
  | 'access.plate_taken'
  | 'access.already_revoked'
  | 'access.already_closed'
  | 'access.watch_target'
  | 'access.range_too_long'
  | 'access.no_compound'
  | 'party.wrong_place'
  | 'party.no_person'
  | 'party.already_member'
  | 'party.not_floating'
  | 'party.not_member'
  | 'party.already_reported'
  | 'party.already_confirmed'
  | 'party.org_in_use'
  | 'party.parent_cycle'
  | 'party.unit_not_org'
  | 'special.unknown_category'
  | 'special.field_not_needed'
  | 'special.ends_before_start'
  | 'special.visit_in_future'
  | 'special.end_in_future'
  | 'special.worker_without_register'
  | 'special.visit_overdue'
  | 'special.category_code_taken'
  | 'campaigns.closed'
  | 'campaigns.unknown_item'
  | 'campaigns.finding_needs_description'
  | 'campaigns.notice_closed'
  | 'campaigns.not_finding'
  | 'campaigns.no_location'
  | 'campaigns.item_code_taken'
  | 'campaigns.ends_before_start'
  | 'notices.expires_before_effective'
  | 'notices.expires_past'
  | 'notices.fraud_type_required'
  | 'notices.not_division'
  | 'notices.area_outside_sender'
  | 'notices.unknown_reference'
  | 'notices.already_superseded'
  | 'notices.not_current'
  | 'notices.already_acknowledged'
  | 'notices.task_closed'
  | 'compounds.not_community'
  | 'compounds.building_elsewhere'
  | 'compounds.meeting_elsewhere'
  | 'compounds.term_order'
  | 'mediation.unknown_person'
  | 'mediation.unknown_user'
  | 'mediation.not_staff'
  | 'mediation.bad_mediator'
  | 'mediation.not_community'
  | 'mediation.grid_not_in_community'
  | 'mediation.studio_division'
  | 'mediation.studio_elsewhere'
  | 'mediation.studio_exists'
  | 'mediation.matter_has_case'
  | 'mediation.nothing_to_change'
  | 'mediation.too_many_parties'
  | 'mediation.date_in_future'
  | 'mediation.before_signing'
  | 'mediation.instalments_sum'
  | 'mediation.instalment_dates'
  | 'mediation.overpaid'
  | 'mediation.unpaid'
  | 'mediation.already_performed'
  | 'mediation.not_performed'
  | 'mediation.not_group'
  | 'mediation.claim_exists'
  | 'mediation.period_order'
  | 'mediation.period_too_long'
  | 'care.unknown_person'
  | 'care.no_grid'
  | 'care.person_taken'
  | 'care.unknown_user'
  | 'care.window_order'
  | 'care.nothing_to_change'
  | 'care.check_done'
  | 'care.check_not_open'
  | 'care.not_missed'
  | 'care.future_day'
  | 'care.future_time'
  | 'care.unknown_device'
  | 'care.device_other_community'
  | 'field.patrol_open'
  | 'field.patrol_ended'
  | 'field.sample_time'
  | 'field.unknown_building'
  | 'field.building_outside_area'
  | 'field.unknown_person'
  | 'field.unknown_household'
  | 'field.future_time'
  | 'field.unknown_tag'
  | 'field.not_community'
  | 'supervision.deadline_past'
  | 'supervision.unknown_department'
  | 'supervision.not_community'
  | 'supervision.not_area'
  | 'supervision.matter_resolved'
  | 'supervision.already_open'
  | 'supervision.no_gap'
  | 'supervision.not_open'
  | 'supervision.remind_too_soon'
  | 'report.not_unit'
  | 'report.month_not_over'
  | 'report.in_progress'
  | 'report.not_ready'
  | 'report.no_pdf'
  | 'assessment.duplicate_indicator'
  | 'assessment.not_for_subject'
  | 'assessment.target_required'
  | 'assessment.deduction_required'
  | 'assessment.weights_sum'
  | 'assessment.bands_order'
  | 'assessment.not_district'
  | 'assessment.month_scored'
  | 'assessment.archived'
  | 'assessment.month_not_over'
  | 'assessment.no_version'
  | 'assessment.not_subject'
  | 'assessment.no_line'
  | 'assessment.appeal_pending'
  | 'assessment.own_appeal'
  | 'assessment.appeal_decided'
  | 'assessment.points_over_weight'
  | 'notify.assessment.appeal'
  | 'notify.assessment.granted'
  | 'notify.assessment.refused'
  | 'notify.campaigns.overdue'
  | 'notify.campaigns.recheck_failed'
  | 'notify.notices.new'
  | 'notify.notices.visit_task'
  | 'charging.not_community'
  | 'charging.grid_not_in_community'
  | 'charging.station_exists'
  | 'charging.port_taken'
  | 'charging.bad_bands'
  | 'charging.tariff_behind_bills'
  | 'charging.tariff_exists'
  | 'charging.future_time'
  | 'charging.port_busy'
  | 'charging.not_charging'
  | 'charging.meter_backwards'
  | 'charging.before_start'
  | 'charging.no_tariff'
  | 'charging.no_receipt'
  | 'charging.month_order'
  | 'charging.month_range'
  | 'charging.session_ref_taken'
  | 'charging.unknown_charger'
  | 'charging.unknown_device'
  | 'charging.not_charger'
  | 'charging.charger_other_community'
  | 'charging.device_mismatch'
  | 'charging.port_closed'
  | 'charging.meter_unknown'
  | 'charging.payer_busy'
  | 'charging.balance_low'
  | 'charging.balance_cap'
  | 'charging.already_paid'
  | 'charging.not_billed'
  | 'charging.nothing_to_refund'
  | 'volunteer.series_bad_rule'
  | 'volunteer.not_an_occurrence'
  | 'volunteer.no_occurrence'
  | 'volunteer.move_needs_change'
  | 'alliance.bad_credit_code'
  | 'alliance.credit_code_taken'
  | 'alliance.unit_inactive'
  | 'alliance.not_in_area'
  | 'notify.volunteer.occurrence_cancelled'
  | 'notify.volunteer.occurrence_moved';

const zh: Catalog = {
  validation_failed: '提交的内容有误，请检查后重试',
  bad_request: '请求无法处理：{reason}',
  invalid_credentials: '用户名或密码错误',
  unauthenticated: '请先登录',
  forbidden: '没有权限执行此操作',
  csrf_invalid: '页面已过期，请刷新后重试',
  password_change_required: '请先修改初始密码',
  not_found: '找不到该记录',
  conflict: '操作冲突：{reason}',
  idempotency_in_progress: '同一操作正在处理中，请稍后再试',
  idempotency_mismatch: '该幂等键已用于另一个请求',
  payload_too_large: '上传内容过大，上限为 {limit}',
  unsupported_media_type: '不支持的文件类型',
  account_locked: '账号因多次登录失败已被锁定，请于 {minutes} 分钟后再试',
  rate_limited: '请求过于频繁，请稍后再试',
  internal: '服务器出错了，请稍后重试',
  unavailable: '服务暂不可用',
  gateway_elsewhere: '设备网关正由另一服务进程运行，请重新发送',
  'field.required': '必填',
  'field.invalid': '格式不正确',
  'import.division_code': '“{value}”不是街道或社区的 12 位统计用区划代码',
  'import.division_parent': '“{value}”的上级区划不存在：请先建立上级，或把上级放在同一文件中',
  'import.division_out_of_scope': '区划“{value}”不在您可维护的范围内',
  'import.unknown_community': '社区编码“{value}”不存在',
  'import.unknown_building': '楼栋“{value}”在该社区不存在',
  'import.unknown_grid': '网格编码“{value}”不存在或不属于该社区',
  'import.out_of_scope': '社区“{value}”不在您的管辖范围内',
  'import.duplicate_in_file': '与第 {other} 行重复（{field}）',
  'import.bad_id_number': '身份证号码“{value}”无效',
  'import.bad_phone': '手机号码“{value}”无效',
  'import.bad_date': '日期“{value}”无效，应为 YYYY-MM-DD',
  'import.bad_gender': '性别“{value}”无效，应为 男/女',
  'import.bad_number': '“{value}”不是有效的数字',
  'import.missing_columns': '缺少必需的列：{columns}',
  'import.empty': '文件中没有数据行',
  'import.too_many_rows': '行数超过上限 {limit}',
  'import.unparsable': '无法解析 CSV：{reason}',
  'import.id_number_taken': '身份证号码已登记在其他社区的人员名下',
  'import.code_taken': '楼栋编码“{value}”已被其他楼栋使用',
  'import.write_failed': '写入时出错，没有导入任何数据，请稍后重试',
  'export.unknown_kind': '不能导出“{value}”：没有这种列表',
  'export.unknown_filter': '这个列表没有筛选条件“{value}”',
  'export.too_many_rows': '要导出的行数（{total}）超过上限 {limit}，请缩小筛选范围',
  'export.not_ready': '导出文件尚未生成或已过期',
  'export.user_gone': '导出人的账号已停用，导出没有完成',
  'export.write_failed': '生成导出文件时出错，请重新导出',
  'import.kind': '导入类型应为 persons（人员）或 buildings（楼栋）',
  'import.file_required': '请选择要上传的 CSV 文件',
  'import.bad_xlsx': '无法读取这个 Excel 文件：请另存为 .xlsx（Excel 工作簿）或 CSV 后再上传',
  'media.file_required': '请选择要上传的图片',
  'media.unknown_photo': '照片不存在或不是您上传的',
  'org.not_community': '所选区划不是社区',
  'org.parent_level': '{level}应隶属于{parent}',
  'org.polygon_required': '居民网格和专属网格必须绘制边界',
  'org.polygon_invalid': '边界无效：{reason}',
  'org.polygon_overlaps': '边界与{community}的{grid}重叠',
  'org.outside_china': '坐标不在中国境内，经纬度是否写反了？',
  'org.lat_lng_pair': '请同时填写经度和纬度，且位于中国境内',
  'org.grid_not_in_community': '该网格不属于此社区',
  'org.building_not_in_community': '该楼栋不属于此社区',
  'org.household_not_in_community': '该住户不属于此社区',
  'org.household_not_in_building': '该住户不在所选楼栋',
  'org.person_not_in_community': '该人员不属于此社区',
  'org.bad_id_number': '身份证号码无效',
  'org.bad_phone': '电话号码无效',
  'org.birth_in_future': '出生日期不能晚于今天',
  'org.no_home': '您的账号尚未登记住址，无法显示所在社区的公示牌',
  'matters.unknown_category': '没有这个事项类别，或该类别已停用',
  'matters.unknown_department': '没有这个职能部门',
  'matters.outside_area': '该位置不在本平台管辖的网格内',
  'matters.unknown_grid': '网格不存在',
  'matters.location_required': '请提供位置（经度和纬度）',
  'matters.field_required': '请填写“{field}”',
  'matters.field_invalid': '“{field}”的值不正确',
  'matters.no_community': '您的账号没有所属社区，无法提交建议',
  'matters.bad_assignee': '该人员不能办理此事项（不在其管辖范围）',
  'matters.photo_on_site': '此类事项须到场确认：请附现场照片后办结',
  'matters.illegal_transition': '事项当前状态为“{status}”，不能执行“{action}”',
  'matters.merge_self': '不能与自身合并',
  'matters.merge_target': '要合并到的事项不存在、已结束或不在您的管辖范围',
  'matters.duty_order': '结束时间应晚于开始时间',
  'matters.extension_pending': '已有一个延期申请等待审批',
  'matters.extension_after_due': '延期后的办结时限应晚于当前时限（{due}）',
  'matters.extension_decided': '该延期申请已处理',
  'matters.assist_open': '该部门已在协办此事项',
  'matters.assist_closed': '该协办已结束',
  'matters.assist_lead_department': '牵头部门不能再作为本事项的协办单位',
  'points.rule_in_past': '规则只能从今天或以后开始生效',
  'points.insufficient': '积分不足',
  'points.key_reused': '该请求编号已用于另一笔不同的操作',
  'points.correction_too_large': '一次调整最多 {max} 积分',
  'points.not_of_community': '此人不是该社区的居民',
  'points.correction_second_person': '须由提出调整以外的另一位工作人员审批',
  'points.correction_decided': '该调整已审批过',
  'points.unknown_item': '没有这个兑换项目，或已下架',
  'points.merchant_elsewhere': '这家商户不在您所在的城市，不能在这里兑换',
  'points.out_of_stock': '该项目已兑完',
  'points.unknown_voucher': '代金券不存在或不属于本店',
  'points.already_redeemed': '该代金券已核销，不能重复使用',
  'points.voucher_void': '该代金券已失效（已取消或已过期）',
  'points.item_changed': '该项目的价格或供应刚刚有变，请刷新后再兑换',
  'volunteer.full': '活动名额已满',
  'volunteer.not_open': '活动已结束或已取消',
  'volunteer.not_signed_up': '您没有报名这个活动',
  'volunteer.bad_code': '签到码不正确或已过期',
  'volunteer.too_far': '您不在活动地点附近（{meters} 米内）',
  'volunteer.not_leader': '只有队长可以进行此操作',
  'volunteer.wrong_state': '当前状态不能进行此操作',
  'volunteer.unknown_team': '志愿队不存在',
  'volunteer.photo_required': '请上传一张照片，说明心愿已经实现',
  'volunteer.minutes_too_long': '认定时长不能超过活动时长（{minutes} 分钟）',
  'deliberation.bad_scope': '范围不对：所选楼栋或网格不在这个社区',
  'deliberation.topic_not_open': '议题当前状态不能进行此操作',
  'deliberation.bad_times': '时间不对：结束要晚于开始，且不能早于现在',
  'deliberation.unknown_topic': '议题不存在，或不属于这个社区',
  'deliberation.topic_not_on_agenda': '议题尚未列入议程',
  'deliberation.meeting_not_scheduled': '会议已取消或已结束',
  'deliberation.minutes_taken': '这次会议已有会议纪要，决定不能重复登记',
  'deliberation.not_of_community': '该用户不是本社区的居民或工作人员',
  'deliberation.meeting_not_held': '会议还没有开始，不能记录纪要',
  'deliberation.slot_closed': '该时段已不能预约或取消',
  'deliberation.already_booked': '您已预约了这个时段',
  'deliberation.slot_full': '该时段已约满',
  'deliberation.booking_state': '预约当前状态不能进行此操作',
  'deliberation.options_required': '请给出至少两个互不相同的选项',
  'deliberation.no_electorate': '所选范围内没有符合条件的投票人',
  'deliberation.vote_not_open': '表决不在投票期内',
  'deliberation.reminded_recently': '刚刚提醒过，{hours} 小时内不再重复提醒',
  'deliberation.unknown_option': '没有这个选项',
  'deliberation.not_eligible': '您不在本次表决的投票人名单中',
  'deliberation.already_voted': '您已投过票，本次表决不可改票',
  'deliberation.voted_on_paper': '您（您家）已通过纸质票投票，不能再在线投票',
  'deliberation.voted_by_proxy': '您（您家）已由受托人代为投票（委托），不能再在线投票',
  'deliberation.elector_voted_online': '该户（人）已在线投票；本表决规定“先投为准”，不能再录入纸质票或委托票',
  'deliberation.elector_voted_paper': '该户（人）已有纸质票，一户（人）只能投一票',
  'deliberation.elector_voted_proxy': '该户（人）已有委托投票，一户（人）只能投一票',
  'deliberation.unknown_elector': '不在本次表决的投票人名册中',
  'deliberation.vote_not_closed': '表决尚未结束，不能计票',
  'deliberation.unknown_comment': '回复的评论不存在',
  'mediation.illegal_transition': '案件当前状态为“{status}”，不能执行“{action}”',
  'mediation.already_taken': '该案件已由{name}承办',
  'mediation.applicant_required': '至少要有一名申请人',
  'mediation.parties_incomplete': '达成协议前，案件须有申请人和被申请人',
  'mediation.bad_id_number': '身份证号码无效',
  'input.bad_text': '含有不能保存的字符（空字符或不完整的 Unicode 字符）',
  'input.duplicate': '已有相同的记录',
  'input.unknown_reference': '引用的记录不存在',
  'input.out_of_range': '有数值超出允许范围或格式不对',
  'devices.unknown_place': '没有这个安装位置（楼栋、住户或网格）',
  'devices.rule_target': '规则须指定设备类型或单个设备（二选一）',
  'devices.rule_incomplete':
    '规则不完整：阈值规则需要指标、比较方式和阈值，变化率规则需要指标和阈值，事件规则需要事件名，离线规则需要分钟数，告警类型和级别须同时给出',
  'devices.unknown_category': '事项分类目录中没有这个分类',
  'devices.unknown_care_target': '没有这个关爱对象，或不在您的管辖范围内，或不在设备所在社区',
  'devices.readings_order': '开始时间须早于结束时间',
  'devices.readings_range': '一次最多查询 {days} 天的读数',
  'devices.readings_buckets': '一次最多 {max} 段（每段 {bucket}），请缩短时间或加大汇总间隔',
  'mediation.bad_credit_code': '统一社会信用代码无效',
  'mediation.bad_phone': '电话号码无效',
  'oddjobs.bad_credit_code': '统一社会信用代码无效（请核对18位代码及末位校验码）',
  'oddjobs.credit_code_taken': '这个统一社会信用代码已登记',
  'oddjobs.already_registered': '您已登记过用工单位',
  'oddjobs.not_community': '不是一个社区',
  'oddjobs.community_required': '请选择所在社区',
  'oddjobs.bad_phone': '电话号码无效',
  'oddjobs.employer_not_approved': '用工单位须经社区审核通过后才能发布岗位',
  'oddjobs.already_reviewed': '这家用工单位已审核过',
  'oddjobs.fee_wording': '岗位不得向劳动者收取任何费用（出现“{word}”），请删除后再发布',
  'oddjobs.below_minimum': '工资 {wage} 元低于{city}最低工资标准 {minimum} 元，不能发布',
  'oddjobs.piece_rate_required': '计件工资请填写每小时可完成的件数',
  'oddjobs.ends_before_start': '结束时间须晚于开始时间',
  'oddjobs.ends_in_past': '结束时间已过',
  'oddjobs.no_seeker_profile': '请先填写求职登记',
  'oddjobs.not_open': '岗位已招满或已结束',
  'oddjobs.already_applied': '您已报名这个岗位',
  'oddjobs.headcount_full': '岗位人数已满',
  'oddjobs.bad_step': '当前状态下不能这样操作',
  'oddjobs.qr_forged': '二维码无效，请扫描现场出示的签到码',
  'oddjobs.qr_expired': '二维码已过期，请让用工方刷新后再扫',
  'oddjobs.qr_wrong_code': '这不是本岗位此次签到或签退的二维码',
  'oddjobs.already_rated': '您已评价过',
  'oddjobs.already_reported': '已为这份工作发起过维权求助',
  'notify.oddjobs.match': '附近有适合您的零工：{title}（时薪 {wage} 元）',
  'notify.oddjobs.applied': '有人报名了您的岗位：{title}',
  'notify.oddjobs.interview': '{title}：用工方邀请您面试',
  'notify.oddjobs.hired': '{title}：您已被录用',
  'notify.oddjobs.rejected': '{title}：这次未被录用',
  'notify.oddjobs.employer_approved': '用工单位审核通过，可以发布岗位了',
  'notify.oddjobs.employer_rejected': '用工单位审核未通过',
  'jobfairs.not_division': '请选择一个街道或社区',
  'jobfairs.not_open': '招聘会未开放报名或签到',
  'jobfairs.closed': '招聘会已结束',
  'jobfairs.full': '报名人数已满',
  'jobfairs.already_signed_up': '您已报名这场招聘会',
  'jobfairs.not_signed_up': '请先报名这场招聘会',
  'jobfairs.not_signed_in': '求职者尚未签到',
  'jobfairs.unknown_code': '没有这个报名码',
  'jobfairs.booth_taken': '您已在这场招聘会设展位',
  'jobfairs.bad_step': '当前状态不能这样操作',
  'jobfairs.already_interviewed': '已为该求职者登记过这个岗位的面试',
  'jobfairs.followup_not_due': '录用满 30 天后才能回访',
  'jobfairs.already_followed_up': '已回访过',
  'rights.route_not_for_kind': '这类问题不能走这条途径',
  'rights.same_route': '案件已在这条途径上',
  'rights.not_open': '案件已办结，不能再分流',
  'rights.community_required': '请选择所在社区',
  'rights.not_community': '不是一个社区',
  'rights.bad_phone': '电话号码无效',
  'rights.bad_id_number': '身份证号码无效',
  'rights.slot_required': '预约请选择值班时段',
  'rights.unknown_shift': '没有这个值班班次',
  'rights.not_a_slot': '不是可预约的时段',
  'rights.slot_taken': '该时段已被预约，请换一个时段',
  'rights.shift_ends_before_start': '结束时间须晚于开始时间',
  'rights.shift_too_long': '一个班次不超过24小时',
  'rights.shift_not_whole_slots': '班次时长须是时段长度的整数倍',
  'rights.date_in_future': '日期不能晚于今天',
  'courses.session_full': '该场次已满员',
  'courses.session_over': '该场次已结束',
  'courses.session_not_open': '现在不在签到时间内',
  'courses.bad_code': '签到码不对或已过期，请看现场屏幕上的最新签到码',
  'courses.no_lesson': '这门课没有线上课时',
  'courses.no_quiz': '这门课没有测验',
  'courses.answers_count': '请回答全部 {count} 道题',
  'courses.answer_not_an_option': '正确答案须是其中一个选项',
  'courses.fraud_type_required': '反诈课程须注明所讲的诈骗类型',
  'courses.fraud_type_only_for_anti_fraud': '只有反诈课程才有诈骗类型',
  'courses.ends_before_start': '结束时间须晚于开始时间',
  'courses.unknown_station': '没有这个服务站点',
  'courses.place_required': '请填写上课地点',
  'courses.not_community': '不是一个社区',
  'courses.already_revoked': '证书已撤销',
  'welfare.not_community': '不是一个社区',
  'welfare.not_current': '该优惠今天不可用',
  'welfare.limit_reached': '该优惠每人每天限用 {limit} 次，今天已用完',
  'welfare.ends_before_start': '结束日期须不早于开始日期',
  'legal.fraud_type_required': '反诈案例须注明诈骗类型',
  'legal.fraud_type_only_for_fraud': '只有反诈案例才有诈骗类型',
  'legal.community_required': '请选择您所在的社区',
  'legal.not_community': '不是一个社区',
  'legal.community_without_grid': '该社区尚未划分网格，暂无法转交处置，请直接拨打 96110',
  'legal.amount_without_loss': '未受损时不填金额',
  'budgets.not_community': '不是一个社区',
  'budgets.voting_before_proposals_close': '投票须在征集结束之后开始',
  'budgets.closes_before_opens': '投票结束时间须晚于开始时间',
  'budgets.closes_in_past': '投票结束时间已过',
  'budgets.not_voter': '只有本社区居民可以提议和投票',
  'budgets.not_proposing': '项目征集已结束',
  'budgets.cost_over_budget': '项目预算超过本轮总预算',
  'budgets.review_closed': '投票已开始，不能再审核',
  'budgets.reason_required': '判为不可行时请写明理由',
  'budgets.not_voting': '当前不在投票时间内',
  'budgets.duplicate_choice': '同一项目只能选一次',
  'budgets.not_feasible': '只能选择本轮审核可行的项目',
  'budgets.over_budget': '所选项目合计 {total} 元，超过总预算 {budget} 元',
  'budgets.already_counted': '本轮已计票',
  'budgets.still_open': '投票尚未结束',
  'budgets.not_funded': '该项目未获资助',
  'elections.not_community': '不是一个社区',
  'elections.bad_buildings': '所选楼栋不在该社区',
  'elections.bad_times': '时间须依次为：提名开始、提名截止、投票开始、投票截止，且投票截止在将来',
  'elections.no_electorate': '范围内没有登记的业主房屋',
  'elections.not_nominating': '当前不在提名时间内',
  'elections.not_owner': '只有本次选举范围内的业主可以参与',
  'elections.candidate_not_owner': '候选人须是本次选举范围内的业主',
  'elections.already_candidate': '此人已是候选人',
  'elections.review_closed': '投票已开始，不能再审核候选人',
  'elections.reason_required': '不通过时请写明理由',
  'elections.too_many_marks': '最多选 {seats} 人',
  'elections.duplicate_mark': '同一候选人只能选一次',
  'elections.unknown_candidate': '只能选择审核通过的候选人',
  'elections.not_voting': '当前不能投票',
  'elections.already_voted': '该户已投票',
  'elections.not_elector': '该户不在本次选举的业主名册中',
  'elections.already_counted': '已计票',
  'elections.still_open': '投票尚未结束',
  'elections.no_lot_pending': '没有待抽签的平票',
  'elections.bad_lot': '须从平票候选人中选出 {seats} 人',
  'surveys.not_community': '不是一个社区',
  'surveys.outside_community': '网格或楼栋不在该社区内',
  'surveys.duplicate_question': '题目编号重复',
  'surveys.options_required': '选择题至少需要两个选项',
  'surveys.options_not_allowed': '只有选择题可以设置选项',
  'surveys.max_choices_over_options': '最多可选数超过了选项数',
  'surveys.bounds_reversed': '最小值大于最大值',
  'surveys.closes_before_opens': '截止时间须晚于开始时间',
  'surveys.closes_in_past': '截止时间已过',
  'surveys.already_published': '问卷已发布',
  'surveys.not_in_audience': '您不在本问卷的调查对象中',
  'surveys.not_open': '问卷不在填写时间内',
  'surveys.already_answered': '您已填写过本问卷',
  'surveys.unknown_question': '问卷中没有这道题',
  'surveys.answer_required': '此题必答',
  'surveys.bad_answer': '答案不符合题目要求',
  'surveys.too_many_choices': '选择的项数超过上限',
  'surveys.out_of_range': '数值超出允许范围',
  'surveys.not_text_question': '不是填空题',
  'matters.follow_up_not_reporter': '只有反映人本人可以填写回访',
  'matters.follow_up_done': '该事项已完成回访',
  'matters.follow_up_rating_required': '接通后请填写满意度评分和是否解决',
  'notify.surveys.published': '邀请您填写问卷：{title}',
  'notify.matters.follow_up': '请对已办结的事项 {code} 进行满意度回访',
  'credit.not_merchant': '你的账号没有关联商户',
  'credit.points_out_of_bounds': '该类证据的分值须在 {min} 到 {max} 之间',
  'credit.future_date': '日期不能晚于今天',
  'credit.no_such_line': '没有这条证据',
  'credit.line_voided': '这条证据已作废',
  'credit.appeal_pending': '这条证据已有待处理的申诉',
  'credit.appeal_decided': '该申诉已处理',
  'credit.repair_points_required': '同意信用修复须给出修复分值',
  'credit.pledge_signed': '该版本的承诺已签署',
  'access.not_resident': '只有该小区登记的住户或工作人员可以为访客登记',
  'access.bad_plate': '车牌号格式不正确（如 皖A12345，新能源 皖AD12345）',
  'access.pass_too_long': '访客通行证最长有效 {days} 天',
  'access.pass_ends_before_start': '结束时间须晚于开始时间',
  'access.pass_in_past': '通行证的结束时间已过',
  'access.person_elsewhere': '该人员不在该小区所在社区登记',
  'access.already_registered': '该人员已在该小区登记',
  'access.card_taken': '该卡号在该小区已被使用',
  'access.plate_taken': '该车牌在该小区已登记',
  'access.already_revoked': '该通行证已作废',
  'access.already_closed': '该布控已撤销',
  'access.watch_target': '请只填写人员、车牌或卡号中的一项',
  'access.range_too_long': '查询时间范围最长 {days} 天',
  'access.no_compound': '不是一个小区',
  'party.wrong_place': '所选组织或地点不在该社区',
  'party.no_person': '人口库中没有此人',
  'party.already_member': '此人已登记为党员',
  'party.not_floating': '只有流动党员可在居住地另行登记',
  'party.not_member': '您还不是登记的党员',
  'party.already_reported': '您已经报到过了',
  'party.already_confirmed': '该报到已确认',
  'party.org_in_use': '该组织下还有党员或下级组织，不能删除',
  'party.parent_cycle': '上级组织不能是它自己或它的下级',
  'party.unit_not_org': '该组织不在该项目所在社区',
  'special.unknown_category': '没有这个类别',
  'special.field_not_needed': '该类别不登记这一项',
  'special.ends_before_start': '结束日期须不早于开始日期',
  'special.visit_in_future': '走访日期不能晚于今天',
  'special.end_in_future': '结束日期不能晚于今天',
  'special.worker_without_register': '责任人须是本社区持有重点人群权限的工作人员',
  'special.visit_overdue': '重点人群走访已逾期（应于 {due} 前走访）',
  'special.category_code_taken': '已有这个代码的类别',
  'campaigns.closed': '该专项整治已结束',
  'campaigns.unknown_item': '检查项不属于该专项或重复',
  'campaigns.finding_needs_description': '发现问题须写明情况',
  'campaigns.notice_closed': '该整改通知书已关闭',
  'campaigns.not_finding': '该检查结果不是问题',
  'campaigns.no_location': '该检查对象没有位置，无法转为事项',
  'campaigns.item_code_taken': '检查项编号已存在',
  'campaigns.ends_before_start': '结束日期早于开始日期',
  'notices.expires_before_effective': '失效时间须晚于生效时间',
  'notices.expires_past': '失效时间已过',
  'notices.fraud_type_required': '反诈预警须选择诈骗类型',
  'notices.not_division': '发布单位不存在',
  'notices.area_outside_sender': '发布范围须在发布单位辖区内',
  'notices.unknown_reference': '所引用的通知不存在',
  'notices.already_superseded': '所引用的通知已被更新或撤销',
  'notices.not_current': '该通知已失效、被更新或撤销',
  'notices.already_acknowledged': '该对象已确认知晓',
  'notices.task_closed': '该走访任务已结束',
  'compounds.not_community': '不是一个社区',
  'compounds.building_elsewhere': '楼栋不在该社区或已属于另一个小区',
  'compounds.meeting_elsewhere': '该会议不属于小区所在社区',
  'compounds.term_order': '任期结束日期须不早于开始日期',
  'mediation.unknown_person': '人员不存在或不在您的管辖范围',
  'mediation.unknown_user': '没有这个用户',
  'mediation.not_staff': '该用户不是调解员或工作人员',
  'mediation.bad_mediator': '该人员不能承办本社区的案件（不是服务本社区的调解工作室成员，也没有本社区的调解权限）',
  'mediation.not_community': '案件应归属到社区',
  'mediation.grid_not_in_community': '该网格不属于此社区',
  'mediation.studio_division': '调解工作室应设在社区或街道',
  'mediation.studio_elsewhere': '该调解工作室不服务于这个社区，或已停用',
  'mediation.studio_exists': '该区划已有同名的调解工作室',
  'mediation.matter_has_case': '该事项已有正在调解的案件',
  'mediation.nothing_to_change': '没有要修改的内容',
  'mediation.too_many_parties': '当事人数量已达上限',
  'mediation.date_in_future': '日期不能晚于今天',
  'mediation.before_signing': '日期不能早于协议签订（或达成）之日',
  'mediation.instalments_sum': '各期金额合计 {sum} 元，与协议总额 {total} 元不符',
  'mediation.instalment_dates': '各期履行期限应按先后排列，且不早于签订日期',
  'mediation.overpaid': '超过该期未付金额（尚欠 {left} 元）',
  'mediation.unpaid': '还有未付清的分期，不能确认履行完毕',
  'mediation.already_performed': '协议已确认履行完毕',
  'mediation.not_performed': '协议尚未履行完毕，不能回访结案',
  'mediation.not_group': '只有群体性纠纷才登记诉求清单',
  'mediation.claim_exists': '该住户的诉求已登记',
  'mediation.period_order': '结束时间应晚于开始时间',
  'mediation.period_too_long': '统计区间不能超过五年',
  'care.unknown_person': '没有这个人，或不在您的管辖范围内',
  'care.no_grid': '此人尚未划入网格，请先在人员信息中指定网格',
  'care.person_taken': '此人已是关爱对象',
  'care.unknown_user': '没有这个用户',
  'care.window_order': '起算时间必须早于截止时间',
  'care.nothing_to_change': '没有要修改的内容',
  'care.check_done': '这项检查已经完成',
  'care.check_not_open': '这项检查还没到时间',
  'care.not_missed': '这项检查没有超时，无需确认收到',
  'care.future_day': '不能查看未来的日期',
  'care.future_time': '时间不能晚于现在',
  'care.unknown_device': '没有这个设备，或不在您的管辖范围内',
  'care.device_other_community': '该设备属于其他社区，不能关联到此关爱对象',
  'field.patrol_open': '您已有一次巡查正在进行，请先结束它',
  'field.patrol_ended': '这次巡查已经结束',
  'field.sample_time': '采样时间早于巡查开始或晚于现在',
  'field.unknown_building': '没有这栋楼',
  'field.building_outside_area': '这栋楼不在您负责的区域内',
  'field.unknown_person': '没有这个人，或不在您负责的区域内',
  'field.unknown_household': '没有这一户，或不在您负责的区域内',
  'field.future_time': '时间不能晚于现在',
  'field.unknown_tag': '不认识的人员标签',
  'field.not_community': '走访频次按社区设置，请选择一个社区',
  'supervision.deadline_past': '督办时限须晚于现在',
  'supervision.unknown_department': '没有这个职能部门',
  'supervision.not_community': '单独督办一个区划时，须是社区',
  'supervision.not_area': '部门督办的范围须是街道或区',
  'supervision.matter_resolved': '该事项已办结，无需督办',
  'supervision.already_open': '该事项已在督办中',
  'supervision.no_gap': '该单位没有超期未办的事项，无需督办',
  'supervision.not_open': '该督办单已结束',
  'supervision.remind_too_soon': '{minutes} 分钟内已催办过，请稍后再催',
  'report.not_unit': '月度通报只按街道或区生成',
  'report.month_not_over': '{month} 尚未结束，月度通报在月份结束后生成',
  'report.in_progress': '该单位该月的通报正在生成，请稍候',
  'report.not_ready': '月度通报尚未生成完成',
  'report.no_pdf': '该通报没有 PDF：{reason}',
  'assessment.duplicate_indicator': '该指标已在方案中',
  'assessment.not_for_subject': '该指标不适用于这类考核对象',
  'assessment.target_required': '比率类指标须设目标值（0–1）',
  'assessment.deduction_required': '须设每项扣分',
  'assessment.weights_sum': '各指标权重合计须为 100（现为 {sum}）',
  'assessment.bands_order': '规模分档须由小到大',
  'assessment.not_district': '考核方案建在区一级',
  'assessment.month_scored': '{month} 已按旧版本评分，新版本只能从其后的月份起生效',
  'assessment.archived': '方案已停用',
  'assessment.month_not_over': '该月尚未结束，不能评分',
  'assessment.no_version': '该月没有生效的方案版本',
  'assessment.not_subject': '只有被考核人（或部门）可以申诉',
  'assessment.no_line': '该评分没有这项指标',
  'assessment.appeal_pending': '该项已有待处理的申诉',
  'assessment.own_appeal': '不能处理与自己有关的申诉',
  'assessment.appeal_decided': '申诉已处理',
  'assessment.points_over_weight': '得分不能超过该项权重 {weight}',
  'notify.assessment.appeal': '考核申诉：{subject} {month} {indicator}',
  'notify.assessment.granted': '考核申诉已同意：{month} {indicator}',
  'notify.assessment.refused': '考核申诉未同意：{month} {indicator}',
  'charging.not_community': '充电站点须设在社区',
  'charging.grid_not_in_community': '该网格不在这个社区',
  'charging.station_exists': '该社区已有同名站点',
  'charging.port_taken': '端口编号或设备端口已被使用',
  'charging.bad_bands': '分时电价时段有误：{problem}',
  'charging.tariff_behind_bills': '生效时间不能早于已结算的充电（{at}）',
  'charging.tariff_exists': '该生效时间已有一个价格版本',
  'charging.future_time': '时间不能晚于现在',
  'charging.port_busy': '该端口正在充电',
  'charging.not_charging': '该充电记录不在充电中',
  'charging.meter_backwards': '结束电表读数小于开始读数（{start} kWh），未结算',
  'charging.before_start': '结束时间早于开始时间',
  'charging.no_tariff': '{at} 时没有生效的价格',
  'charging.no_receipt': '只有已完成结算的充电才有凭据',
  'charging.month_order': '结束月份不能早于开始月份',
  'charging.month_range': '最多统计 36 个月',
  'charging.session_ref_taken': '该端口已有充电编号为 {ref} 的记录',
  'charging.unknown_charger': '没有编号为 {code} 的设备，或不在您的管辖范围内',
  'charging.unknown_device': '没有这个设备，或不在您的管辖范围内',
  'charging.not_charger': '设备 {code} 不是充电桩',
  'charging.charger_other_community': '充电桩 {code} 属于其他社区，不能接入本站点',
  'charging.device_mismatch': '设备 ID 与设备编号 {code} 不是同一台设备',
  'charging.port_closed': '该充电端口暂停使用',
  'charging.meter_unknown': '充电桩尚未上报电表读数，请稍后再试',
  'charging.payer_busy': '您还有一次充电未结束或未支付，请先完成',
  'charging.balance_low': '余额不足，需要至少 {need} 元，请先充值',
  'charging.balance_cap': '余额不能超过 {max} 元',
  'charging.already_paid': '这次充电已支付',
  'charging.not_billed': '这次充电还没有结算',
  'charging.nothing_to_refund': '余额为零，无可退款',
  'notify.text': '{text}',
  'notify.alarm_call': '紧急告警：{place}{alarm}，请立即处置并确认接警',
  'notify.help_call': '一键求助：{station}附近有人求助',
  'notify.matter.new': '新事项 {code}',
  'notify.matter.followed': '您关注的事项 {code} {change}',
  'notify.matter.changed': '事项 {code} {change}',
  'notify.matter.to_department': '事项 {code} 已转交{department}处置',
  'notify.matter.deadline_warning': '事项 {code} 即将超过{what}时限',
  'notify.matter.extension_requested': '事项 {code} 申请延期至 {until}',
  'notify.matter.extension_decided': '事项 {code} 的延期申请{decision}',
  'notify.matter.assist_requested': '事项 {code} 请{department}协办',
  'notify.matter.assist_replied': '事项 {code}：{department}已答复协办',
  'notify.care.missed_check': '窗帘之约：{name} {check}',
  'notify.care.escalated': '窗帘之约升级：{name} {check}',
  'notify.care.escalated_body': '{previous}{minutes} 分钟内未确认，请尽快上门或电话确认平安。{address}',
  'notify.deliberation.topic_agenda': '议题「{title}」已获 {supports} 人支持，列入议程',
  'notify.deliberation.meeting_invite': '邀请您参加「{title}」',
  'notify.deliberation.meeting_cancelled': '「{title}」已取消',
  'notify.deliberation.vote_reminder': '「{title}」正在投票，您还没有投票',
  'notify.deliberation.booking': '{name} 预约了 {time} 的协商',
  'notify.deliberation.booking_cancelled': '{time} 的协商预约已取消',
  'notify.deliberation.booking_reminder': '提醒：{time} {desk}协商',
  'notify.mediation.new_case': '调解案件 {code}：{summary}',
  'notify.mediation.assigned': '调解案件 {code} 交由您办理',
  'notify.mediation.overdue': '调解案件 {code} 已超期',
  'notify.rights.opened': '新的维权求助 {code}，请在24小时内联系',
  'notify.mediation.follow_up_due': '调解案件 {code} 该回访了',
  'notify.supervision.order': '督办：{target}，请于 {deadline} 前办结',
  'notify.supervision.reminder': '催办：{target}',
  'notify.campaigns.overdue': '整改逾期：{number}（{title}）',
  'notify.campaigns.recheck_failed': '复查未通过：{number}（{title}）',
  'notify.notices.new': '{headline}',
  'notify.notices.visit_task': '有独居老人未确认反诈预警，请上门或电话告知',
  'notify.supervision.card': '督办 {target} 亮{card}',
  'volunteer.series_bad_rule': '重复规则无法识别：{reason}',
  'volunteer.not_an_occurrence': '{date} 不是该系列活动的一次',
  'volunteer.no_occurrence': '{date} 这一次活动尚未生成',
  'volunteer.move_needs_change': '请填写新的时间或地点',
  'alliance.bad_credit_code': '统一社会信用代码不正确（18位，含校验位）',
  'alliance.credit_code_taken': '该统一社会信用代码已登记',
  'alliance.unit_inactive': '该单位已停用',
  'alliance.not_in_area': '该事项不在单位服务的区域内',
  'notify.volunteer.occurrence_cancelled': '活动取消：{title}（{date}）{reason}',
  'notify.volunteer.occurrence_moved': '活动调整：{title}（{date}）改为 {when} {place}',
};

const en: Catalog = {
  validation_failed: 'Some of the input is not valid',
  bad_request: 'The request cannot be processed: {reason}',
  invalid_credentials: 'Wrong username or password',
  unauthenticated: 'Please sign in first',
  forbidden: 'You are not allowed to do this',
  csrf_invalid: 'This page has expired; reload and try again',
  password_change_required: 'Change the initial password first',
  not_found: 'Not found',
  conflict: 'Conflict: {reason}',
  idempotency_in_progress: 'The same request is still being processed; try again shortly',
  idempotency_mismatch: 'This Idempotency-Key was already used for a different request',
  payload_too_large: 'The upload is too large; the limit is {limit}',
  unsupported_media_type: 'This file type is not supported',
  account_locked: 'The account is locked after repeated failed logins; try again in {minutes} minutes',
  rate_limited: 'Too many requests; try again shortly',
  internal: 'Something went wrong on the server; try again later',
  unavailable: 'The service is unavailable',
  gateway_elsewhere: 'Another server process runs the device gateway; send again',
  'field.required': 'Required',
  'field.invalid': 'Invalid',
  'import.division_code': '“{value}” is not the 12-digit statistical code of a street or community',
  'import.division_parent': 'The division above “{value}” does not exist: create it first, or put it in the same file',
  'import.division_out_of_scope': 'Division “{value}” is outside the area you may change',
  'import.unknown_community': 'Community code "{value}" does not exist',
  'import.unknown_building': 'Building "{value}" does not exist in this community',
  'import.unknown_grid': 'Grid code "{value}" does not exist or is not in this community',
  'import.out_of_scope': 'Community "{value}" is outside your area',
  'import.duplicate_in_file': 'Duplicates row {other} ({field})',
  'import.bad_id_number': 'ID number "{value}" is not valid',
  'import.bad_phone': 'Phone number "{value}" is not valid',
  'import.bad_date': 'Date "{value}" is not valid; use YYYY-MM-DD',
  'import.bad_gender': 'Gender "{value}" is not valid; use 男/女 or male/female',
  'import.bad_number': '"{value}" is not a valid number',
  'import.missing_columns': 'Required columns are missing: {columns}',
  'import.empty': 'The file has no data rows',
  'import.too_many_rows': 'More rows than the limit of {limit}',
  'import.unparsable': 'The CSV cannot be parsed: {reason}',
  'import.id_number_taken': 'This ID number belongs to a person registered in another community',
  'import.code_taken': 'Building code "{value}" is used by another building',
  'import.write_failed': 'Writing failed; nothing was imported. Try again later',
  'export.unknown_kind': 'Cannot export "{value}": there is no such list',
  'export.unknown_filter': 'This list has no filter "{value}"',
  'export.too_many_rows': 'The export would have {total} rows, more than the limit of {limit}; narrow the filters',
  'export.not_ready': 'The export file is not written yet or has expired',
  'export.user_gone': 'The account that asked for the export is disabled; the export was not finished',
  'export.write_failed': 'Writing the export file failed; export again',
  'import.kind': 'The kind of import must be persons or buildings',
  'import.file_required': 'Choose a CSV file to upload',
  'import.bad_xlsx': 'This Excel file cannot be read: save it as .xlsx (Excel workbook) or CSV and upload again',
  'media.file_required': 'Choose an image to upload',
  'media.unknown_photo': 'The photo does not exist or was not uploaded by you',
  'org.not_community': 'The division chosen is not a community',
  'org.parent_level': 'A {level} belongs under a {parent}',
  'org.polygon_required': 'Resident and special grids need a boundary',
  'org.polygon_invalid': 'The boundary is not valid: {reason}',
  'org.polygon_overlaps': 'The boundary overlaps {grid} of {community}',
  'org.outside_china': 'The point is outside China; are latitude and longitude swapped?',
  'org.lat_lng_pair': 'Give both latitude and longitude, inside China',
  'org.grid_not_in_community': 'The grid is not in this community',
  'org.building_not_in_community': 'The building is not in this community',
  'org.household_not_in_community': 'The household is not in this community',
  'org.household_not_in_building': 'The household is not in the building chosen',
  'org.person_not_in_community': 'The person is not in this community',
  'org.bad_id_number': 'Not a valid ID number',
  'org.bad_phone': 'Not a valid phone number',
  'org.birth_in_future': 'The date of birth cannot be after today',
  'org.no_home': 'Your account has no home address on record, so there is no community board to show',
  'matters.unknown_category': 'No such category, or it is no longer in use',
  'matters.unknown_department': 'No such department',
  'matters.outside_area': 'The location is outside every grid served here',
  'matters.unknown_grid': 'No such grid',
  'matters.location_required': 'Give a location (latitude and longitude)',
  'matters.field_required': 'Fill in "{field}"',
  'matters.field_invalid': 'The value of "{field}" is not valid',
  'matters.no_community': 'Your account belongs to no community, so a suggestion cannot be filed',
  'matters.bad_assignee': 'That person cannot handle this matter (outside their area)',
  'matters.photo_on_site': 'This kind of matter is confirmed on site: add a photo from there to resolve it',
  'matters.illegal_transition': 'The matter is "{status}"; "{action}" is not possible now',
  'matters.merge_self': 'A matter cannot be merged into itself',
  'matters.merge_target': 'The matter to merge into does not exist, has ended, or is outside your area',
  'matters.duty_order': 'The end must be after the start',
  'matters.extension_pending': 'A request for more time is already waiting for a decision',
  'matters.extension_after_due': 'The new deadline must be later than the current one ({due})',
  'matters.extension_decided': 'That request has already been decided',
  'matters.assist_open': 'That department is already assisting on this matter',
  'matters.assist_closed': 'That assist is closed',
  'matters.assist_lead_department': 'The lead department cannot also assist on its own matter',
  'points.rule_in_past': 'A rule can only take effect from today on',
  'points.insufficient': 'Not enough points',
  'points.key_reused': 'This request key was already used for a different operation',
  'points.correction_too_large': 'One correction may give or take back at most {max} points',
  'points.not_of_community': 'This person does not live in the community',
  'points.correction_second_person': 'Another member of staff than the one who asked must decide',
  'points.correction_decided': 'This correction has been decided already',
  'points.unknown_item': 'No such item, or it is no longer offered',
  'points.merchant_elsewhere': 'This merchant is in another city than your home; it cannot be redeemed here',
  'points.out_of_stock': 'This item is out of stock',
  'points.unknown_voucher': 'No such voucher at this shop',
  'points.already_redeemed': 'This voucher has already been redeemed',
  'points.voucher_void': 'This voucher is no longer valid (cancelled or expired)',
  'points.item_changed': "This item's price or availability just changed; refresh and try again",
  'volunteer.full': 'The activity is full',
  'volunteer.not_open': 'The activity is over or cancelled',
  'volunteer.not_signed_up': 'You have not signed up for this activity',
  'volunteer.bad_code': 'The check-in code is wrong or has expired',
  'volunteer.too_far': 'You are not near the activity (within {meters} m)',
  'volunteer.not_leader': 'Only a team leader can do this',
  'volunteer.wrong_state': 'This cannot be done in the current state',
  'volunteer.unknown_team': 'No such team',
  'volunteer.photo_required': 'Add a photo showing the wish came true',
  'volunteer.minutes_too_long': "Credited time cannot exceed the activity's length ({minutes} minutes)",
  'deliberation.bad_scope': 'The buildings or grid chosen are not in this community',
  'deliberation.topic_not_open': 'The topic is not in a state that allows this',
  'deliberation.bad_times': 'Check the times: the end must come after the start, and not in the past',
  'deliberation.unknown_topic': 'No such topic in this community',
  'deliberation.topic_not_on_agenda': 'The topic is not on the agenda yet',
  'deliberation.meeting_not_scheduled': 'The meeting is cancelled or already over',
  'deliberation.minutes_taken': "This meeting's minutes are already recorded; its decisions cannot be recorded twice",
  'deliberation.not_of_community': 'Not a resident or worker of this community',
  'deliberation.meeting_not_held': 'The meeting has not started yet; minutes come after',
  'deliberation.slot_closed': 'This slot can no longer be booked or cancelled',
  'deliberation.already_booked': 'You have already booked this slot',
  'deliberation.slot_full': 'This slot is fully booked',
  'deliberation.booking_state': 'The booking is not in a state that allows this',
  'deliberation.options_required': 'Give at least two distinct options',
  'deliberation.no_electorate': 'Nobody in the chosen scope may vote',
  'deliberation.vote_not_open': 'The vote is not open',
  'deliberation.reminded_recently': 'Reminded recently: not again within {hours} hours',
  'deliberation.unknown_option': 'No such option',
  'deliberation.not_eligible': "You are not on this vote's roll",
  'deliberation.already_voted': 'You have voted; this vote does not allow changes',
  'deliberation.voted_on_paper': 'You (your household) already voted on a paper ballot; you cannot vote online',
  'deliberation.voted_by_proxy': 'You (your household) already voted through a proxy; you cannot vote online',
  'deliberation.elector_voted_online':
    "This elector already voted online; under this vote's rule the first ballot stands, so no paper or proxy ballot can be entered",
  'deliberation.elector_voted_paper': 'This elector already has a paper ballot; one ballot per elector',
  'deliberation.elector_voted_proxy': 'This elector already voted through a proxy; one ballot per elector',
  'deliberation.unknown_elector': 'Not on the roll of this vote',
  'deliberation.vote_not_closed': 'The vote has not closed; it cannot be counted yet',
  'deliberation.unknown_comment': 'The comment replied to does not exist',
  'mediation.illegal_transition': 'The case is "{status}"; "{action}" is not possible now',
  'mediation.already_taken': '{name} has already taken this case',
  'mediation.applicant_required': 'A case needs at least one applicant',
  'mediation.parties_incomplete': 'An agreement needs both an applicant and a respondent on the case',
  'mediation.bad_id_number': 'Not a valid ID number',
  'input.bad_text': 'Contains characters that cannot be stored (a NUL or an incomplete Unicode character)',
  'input.duplicate': 'A record like this exists already',
  'input.unknown_reference': 'A record it refers to does not exist',
  'input.out_of_range': 'A value is out of its allowed range or shape',
  'devices.unknown_place': 'No such place (building, household or grid)',
  'devices.rule_target': 'A rule is for a device type or for one device, not both or neither',
  'devices.rule_incomplete':
    'The rule is incomplete: a threshold needs a metric, a comparison and a value; a rate a metric and a value; an event rule an event; an absence rule minutes; alarm type and severity go together',
  'devices.unknown_category': 'No such category in the matters catalogue',
  'devices.unknown_care_target': "No such care target within your reach and the device's community",
  'devices.readings_order': 'The start must be before the end',
  'devices.readings_range': 'At most {days} days of readings at once',
  'devices.readings_buckets': 'At most {max} buckets of {bucket} at once: ask for a shorter time or wider buckets',
  'mediation.bad_credit_code': 'Not a valid unified social credit code',
  'mediation.bad_phone': 'Not a valid phone number',
  'oddjobs.bad_credit_code': 'Not a valid unified social credit code (check the 18 characters and the check character)',
  'oddjobs.credit_code_taken': 'This unified social credit code is already registered',
  'oddjobs.already_registered': 'You have already registered an employer',
  'oddjobs.not_community': 'Not a community',
  'oddjobs.community_required': 'Choose your community',
  'oddjobs.bad_phone': 'Not a valid phone number',
  'oddjobs.employer_not_approved': 'An employer must be approved by the community before posting',
  'oddjobs.already_reviewed': 'This employer has already been reviewed',
  'oddjobs.fee_wording': 'A posting may not ask workers for any fee or deposit ("{word}"): remove it and post again',
  'oddjobs.below_minimum': 'The wage of {wage} yuan is below the minimum wage of {minimum} yuan in {city}',
  'oddjobs.piece_rate_required': 'For a piece wage, give the pieces done in an hour',
  'oddjobs.ends_before_start': 'The end must be after the start',
  'oddjobs.ends_in_past': 'The end has already passed',
  'oddjobs.no_seeker_profile': 'Fill in your job-seeker profile first',
  'oddjobs.not_open': 'The posting is filled or over',
  'oddjobs.already_applied': 'You have already applied for this posting',
  'oddjobs.headcount_full': 'The posting has all the people it needs',
  'oddjobs.bad_step': 'Not possible at this step',
  'oddjobs.qr_forged': 'Not a valid code: scan the one shown at the work site',
  'oddjobs.qr_expired': 'The code has expired: ask the employer to refresh it',
  'oddjobs.qr_wrong_code': "Not this posting's check-in or check-out code",
  'oddjobs.already_rated': 'You have already rated',
  'oddjobs.already_reported': 'A rights case has already been opened for this job',
  'notify.oddjobs.match': 'A job near you that suits you: {title} ({wage} yuan an hour)',
  'notify.oddjobs.applied': 'Someone applied for your posting: {title}',
  'notify.oddjobs.interview': '{title}: the employer invites you to an interview',
  'notify.oddjobs.hired': '{title}: you are hired',
  'notify.oddjobs.rejected': '{title}: not taken this time',
  'notify.oddjobs.employer_approved': 'Your employer registration is approved: you may post jobs',
  'notify.oddjobs.employer_rejected': 'Your employer registration was not approved',
  'jobfairs.not_division': 'Choose a street or community',
  'jobfairs.not_open': 'The job fair is not open for this',
  'jobfairs.closed': 'The job fair is closed',
  'jobfairs.full': 'The job fair is full',
  'jobfairs.already_signed_up': 'You have already signed up for this fair',
  'jobfairs.not_signed_up': 'Sign up for this fair first',
  'jobfairs.not_signed_in': 'The seeker has not signed in',
  'jobfairs.unknown_code': 'No sign-up with this code',
  'jobfairs.booth_taken': 'You already have a booth at this fair',
  'jobfairs.bad_step': 'Not possible at this step',
  'jobfairs.already_interviewed': 'This interview is already recorded',
  'jobfairs.followup_not_due': 'The follow-up is due 30 days after the hire',
  'jobfairs.already_followed_up': 'Already followed up',
  'rights.route_not_for_kind': 'This kind of problem cannot take that route',
  'rights.same_route': 'The case is already on that route',
  'rights.not_open': 'The case is resolved and cannot be routed again',
  'rights.community_required': 'Choose your community',
  'rights.not_community': 'Not a community',
  'rights.bad_phone': 'Not a valid phone number',
  'rights.bad_id_number': 'Not a valid ID number',
  'rights.slot_required': 'Choose a duty slot to book',
  'rights.unknown_shift': 'No such duty shift in this community',
  'rights.not_a_slot': 'Not a bookable slot',
  'rights.slot_taken': 'That slot has just been booked: choose another',
  'rights.shift_ends_before_start': 'The end must come after the start',
  'rights.shift_too_long': 'A shift lasts at most 24 hours',
  'rights.shift_not_whole_slots': 'A shift must be a whole number of slots',
  'rights.date_in_future': 'The date cannot be after today',
  'courses.session_full': 'The session is full',
  'courses.session_over': 'The session is over',
  'courses.session_not_open': 'Check-in is not open now',
  'courses.bad_code': 'Wrong or expired code: use the one on the screen now',
  'courses.no_lesson': 'This course has no online lesson',
  'courses.no_quiz': 'This course has no quiz',
  'courses.answers_count': 'Answer all {count} questions',
  'courses.answer_not_an_option': 'The right answer must be one of the options',
  'courses.fraud_type_required': 'A fraud-prevention course needs the kind of fraud it teaches',
  'courses.fraud_type_only_for_anti_fraud': 'Only fraud-prevention courses have a kind of fraud',
  'courses.ends_before_start': 'The end must come after the start',
  'courses.unknown_station': 'No such station',
  'courses.place_required': 'Say where the session is held',
  'courses.not_community': 'Not a community',
  'courses.already_revoked': 'The certificate is already revoked',
  'welfare.not_community': 'Not a community',
  'welfare.not_current': 'This offer cannot be used today',
  'welfare.limit_reached': 'This offer is limited to {limit} use(s) per person per day; used up for today',
  'welfare.ends_before_start': 'The last day must not be before the first',
  'legal.fraud_type_required': 'A fraud case needs its kind of fraud',
  'legal.fraud_type_only_for_fraud': 'Only fraud cases have a kind of fraud',
  'legal.community_required': 'Choose the community you live in',
  'legal.not_community': 'Not a community',
  'legal.community_without_grid': 'The community has no grid to hand this to yet: call 96110',
  'legal.amount_without_loss': 'No amount when nothing was lost',
  'budgets.not_community': 'Not a community',
  'budgets.voting_before_proposals_close': 'Voting must open after proposals close',
  'budgets.closes_before_opens': 'Voting must close after it opens',
  'budgets.closes_in_past': 'The voting end is in the past',
  'budgets.not_voter': 'Only residents of the community may propose and vote',
  'budgets.not_proposing': 'Proposals are closed',
  'budgets.cost_over_budget': 'The cost is more than the whole budget',
  'budgets.review_closed': 'Voting has opened: reviews are closed',
  'budgets.reason_required': 'Say why it is not feasible',
  'budgets.not_voting': 'Voting is not open',
  'budgets.duplicate_choice': 'Each project can be chosen once',
  'budgets.not_feasible': 'Choose only feasible projects of this round',
  'budgets.over_budget': 'The chosen projects cost {total} yuan, more than the budget of {budget} yuan',
  'budgets.already_counted': 'Already counted',
  'budgets.still_open': 'Voting has not closed yet',
  'budgets.not_funded': 'The project was not funded',
  'elections.not_community': 'Not a community',
  'elections.bad_buildings': 'The buildings are not all in the community',
  'elections.bad_times':
    'Times must run: nominations open, nominations close, voting opens, voting closes (in the future)',
  'elections.no_electorate': 'No owner households are registered in this scope',
  'elections.not_nominating': 'Nominations are not open',
  'elections.not_owner': 'Only owners in this election may take part',
  'elections.candidate_not_owner': 'A candidate must be an owner in this election',
  'elections.already_candidate': 'Already a candidate',
  'elections.review_closed': 'Voting has opened: reviews are closed',
  'elections.reason_required': 'Give the reason for rejecting',
  'elections.too_many_marks': 'Mark at most {seats} candidates',
  'elections.duplicate_mark': 'A candidate can be marked only once',
  'elections.unknown_candidate': 'Only approved candidates can be marked',
  'elections.not_voting': 'Ballots cannot be cast now',
  'elections.already_voted': 'This household has voted',
  'elections.not_elector': 'The household is not in the electorate',
  'elections.already_counted': 'Already counted',
  'elections.still_open': 'Voting has not closed yet',
  'elections.no_lot_pending': 'No tie is waiting for a drawing',
  'elections.bad_lot': 'Name {seats} of the tied candidates',
  'surveys.not_community': 'Not a community',
  'surveys.outside_community': 'A grid or building is outside the community',
  'surveys.duplicate_question': 'Two questions have the same id',
  'surveys.options_required': 'A choice question needs at least two options',
  'surveys.options_not_allowed': 'Only choice questions have options',
  'surveys.max_choices_over_options': 'The maximum of choices is more than the options',
  'surveys.bounds_reversed': 'The minimum is above the maximum',
  'surveys.closes_before_opens': 'The survey must close after it opens',
  'surveys.closes_in_past': 'The closing time has passed',
  'surveys.already_published': 'The survey is published already',
  'surveys.not_in_audience': 'You are not among those this survey asks',
  'surveys.not_open': 'The survey is not open',
  'surveys.already_answered': 'You have answered this survey already',
  'surveys.unknown_question': 'The survey has no such question',
  'surveys.answer_required': 'This question must be answered',
  'surveys.bad_answer': 'The answer does not fit the question',
  'surveys.too_many_choices': 'Too many choices',
  'surveys.out_of_range': 'The number is out of range',
  'surveys.not_text_question': 'Not a text question',
  'matters.follow_up_not_reporter': 'Only the reporter may answer the follow-up',
  'matters.follow_up_done': 'The follow-up is done already',
  'matters.follow_up_rating_required': 'When reached, give the rating and whether it was resolved',
  'notify.surveys.published': 'A survey for you: {title}',
  'notify.matters.follow_up': 'How was matter {code} handled? Tell us',
  'credit.not_merchant': 'Your account is not linked to a merchant',
  'credit.points_out_of_bounds': 'Points of this kind must lie between {min} and {max}',
  'credit.future_date': 'The date cannot be after today',
  'credit.no_such_line': 'No such evidence line',
  'credit.line_voided': 'This evidence line is void already',
  'credit.appeal_pending': 'An appeal on this line is pending',
  'credit.appeal_decided': 'This appeal has been decided already',
  'credit.repair_points_required': 'Granting a credit repair needs its points',
  'credit.pledge_signed': 'This version of the pledge is signed already',
  'access.not_resident': 'Only residents registered in this compound, or staff, may register a visitor',
  'access.bad_plate': 'Not a valid Chinese plate (e.g. 皖A12345; new-energy 皖AD12345)',
  'access.pass_too_long': 'A visitor pass lasts at most {days} days',
  'access.pass_ends_before_start': 'The end must be after the start',
  'access.pass_in_past': 'The pass would already have ended',
  'access.person_elsewhere': 'The person is not registered in the community of this compound',
  'access.already_registered': 'The person is already registered in this compound',
  'access.card_taken': 'This card number is already used in this compound',
  'access.plate_taken': 'This plate is already registered in this compound',
  'access.already_revoked': 'The pass is already revoked',
  'access.already_closed': 'The watch-list entry is already closed',
  'access.watch_target': 'Give exactly one of a person, a plate or a card',
  'access.range_too_long': 'The time range is at most {days} days',
  'access.no_compound': 'Not a compound',
  'party.wrong_place': 'The organisation or place chosen is not in that community',
  'party.no_person': 'No such person in the people registry',
  'party.already_member': 'This person is already a registered member',
  'party.not_floating': 'Only a floating member is enrolled where they live as well',
  'party.not_member': 'You are not a registered party member',
  'party.already_reported': 'You have reported already',
  'party.already_confirmed': 'This report is confirmed already',
  'party.org_in_use': 'The organisation still has members or sub-organisations; it cannot be removed',
  'party.parent_cycle': 'The parent cannot be the organisation itself or one below it',
  'party.unit_not_org': 'The organisation is not in the project’s community',
  'special.unknown_category': 'No such category',
  'special.field_not_needed': 'This category does not record this field',
  'special.ends_before_start': 'The last day must not be before the first',
  'special.visit_in_future': 'A visit cannot be dated after today',
  'special.end_in_future': 'The last day cannot be after today',
  'special.worker_without_register': 'The responsible worker must hold the register for this community',
  'special.visit_overdue': 'A special-attention visit is overdue (due by {due})',
  'special.category_code_taken': 'A category with this code already exists',
  'campaigns.closed': 'This campaign is closed',
  'campaigns.unknown_item': 'A checklist item is not of this campaign, or repeats',
  'campaigns.finding_needs_description': 'A finding needs a description',
  'campaigns.notice_closed': 'This rectification notice is closed',
  'campaigns.not_finding': 'This result is not a finding',
  'campaigns.no_location': 'This target has no location, so no matter can be opened',
  'campaigns.item_code_taken': 'A checklist item with this code exists',
  'campaigns.ends_before_start': 'The end is before the start',
  'notices.expires_before_effective': 'The expiry must be after the effective time',
  'notices.expires_past': 'The expiry has passed already',
  'notices.fraud_type_required': 'An anti-fraud notice needs a fraud type',
  'notices.not_division': 'The sender is not an org unit',
  'notices.area_outside_sender': 'The area must lie within the sender',
  'notices.unknown_reference': 'The referenced notice does not exist',
  'notices.already_superseded': 'The referenced notice is already updated or cancelled',
  'notices.not_current': 'This notice is expired, updated or cancelled',
  'notices.already_acknowledged': 'This recipient has acknowledged already',
  'notices.task_closed': 'This visit task is closed',
  'compounds.not_community': 'Not a community',
  'compounds.building_elsewhere': 'A building is not in this community or belongs to another compound',
  'compounds.meeting_elsewhere': "The meeting is not of the compound's community",
  'compounds.term_order': 'The term must not end before it starts',
  'mediation.unknown_person': 'No such person in your area',
  'mediation.unknown_user': 'No such user',
  'mediation.not_staff': 'That user is neither a mediator nor staff',
  'mediation.bad_mediator':
    'That person cannot take cases of this community (not in a studio serving it, and no mediation rights there)',
  'mediation.not_community': 'A case belongs to a community',
  'mediation.grid_not_in_community': 'The grid is not in this community',
  'mediation.studio_division': 'A studio is set up in a community or a street',
  'mediation.studio_elsewhere': 'That studio does not serve this community, or is closed',
  'mediation.studio_exists': 'There is already a studio of that name there',
  'mediation.matter_has_case': 'This matter already has a case under way',
  'mediation.nothing_to_change': 'Nothing to change',
  'mediation.too_many_parties': 'The case has as many parties as it may have',
  'mediation.date_in_future': 'The date cannot be after today',
  'mediation.before_signing': 'The date cannot be before the agreement was signed (or reached)',
  'mediation.instalments_sum': 'The instalments add up to {sum} yuan, not the agreed total of {total} yuan',
  'mediation.instalment_dates': 'Instalments must fall in order, none before the signing date',
  'mediation.overpaid': 'More than is left to pay on this instalment ({left} yuan)',
  'mediation.unpaid': 'Some instalments are not paid yet; the agreement is not performed',
  'mediation.already_performed': 'The agreement is already confirmed as performed',
  'mediation.not_performed': 'The agreement is not fully performed yet; the case cannot be closed',
  'mediation.not_group': 'Only a group dispute keeps a register of claims',
  'mediation.claim_exists': "This household's claim is already registered",
  'mediation.period_order': 'The end must be after the start',
  'mediation.period_too_long': 'A period of at most five years',
  'care.unknown_person': 'No such person in your area',
  'care.no_grid': 'This person has no grid yet; set one in their record first',
  'care.person_taken': 'This person is already in care',
  'care.unknown_user': 'No such user',
  'care.window_order': 'The window must open before the deadline',
  'care.nothing_to_change': 'Nothing to change',
  'care.check_done': 'This check is already done',
  'care.check_not_open': 'This check has not opened yet',
  'care.not_missed': 'This check was not missed; there is nothing to acknowledge',
  'care.future_day': 'That day has not come yet',
  'care.future_time': 'The time cannot be in the future',
  'care.unknown_device': 'No such device in your area',
  'care.device_other_community': "This device belongs to another community than the person's",
  'field.patrol_open': 'You already have a patrol under way; stop it first',
  'field.patrol_ended': 'This patrol has ended',
  'field.sample_time': 'The sample was taken before the patrol began or in the future',
  'field.unknown_building': 'There is no such building',
  'field.building_outside_area': 'This building is outside your area',
  'field.unknown_person': 'No such person, or not in your area',
  'field.unknown_household': 'No such household, or not in your area',
  'field.future_time': 'The time cannot be in the future',
  'field.unknown_tag': 'Unknown person tag',
  'field.not_community': 'Visit frequencies are set per community; choose a community',
  'supervision.deadline_past': 'The deadline must be in the future',
  'supervision.unknown_department': 'No such department',
  'supervision.not_community': 'A division supervised on its own must be a community',
  'supervision.not_area': "A department's area must be a street or a district",
  'supervision.matter_resolved': 'The matter is already resolved',
  'supervision.already_open': 'The matter is already under supervision',
  'supervision.no_gap': 'The unit has no overdue matters to supervise',
  'supervision.not_open': 'The order has ended',
  'supervision.remind_too_soon': 'Reminded within the last {minutes} minutes; try again later',
  'report.not_unit': 'Monthly reports are made for a street or a district',
  'report.month_not_over': '{month} has not ended yet; a monthly report is made once its month is over',
  'report.in_progress': 'This unit’s report for the month is being generated; please wait',
  'report.not_ready': 'The monthly report is not generated yet',
  'report.no_pdf': 'This report has no PDF: {reason}',
  'assessment.duplicate_indicator': 'This indicator is already in the scheme',
  'assessment.not_for_subject': 'This indicator does not apply to this kind of subject',
  'assessment.target_required': 'A rate needs a target (0–1)',
  'assessment.deduction_required': 'Set the points taken off per record',
  'assessment.weights_sum': 'The weights must add up to 100 (now {sum})',
  'assessment.bands_order': 'Size bands must rise',
  'assessment.not_district': 'A scheme belongs to a district',
  'assessment.month_scored': '{month} is already scored with an earlier version; a new version takes effect after it',
  'assessment.archived': 'The scheme is stopped',
  'assessment.month_not_over': 'The month has not ended yet',
  'assessment.no_version': 'No version of the scheme is in force for that month',
  'assessment.not_subject': 'Only the one assessed may appeal',
  'assessment.no_line': 'The score has no such line',
  'assessment.appeal_pending': 'This line already has an appeal pending',
  'assessment.own_appeal': 'You cannot decide an appeal about yourself',
  'assessment.appeal_decided': 'The appeal is already decided',
  'assessment.points_over_weight': 'Points cannot exceed the weight {weight}',
  'notify.assessment.appeal': 'Assessment appeal: {subject} {month} {indicator}',
  'notify.assessment.granted': 'Appeal granted: {month} {indicator}',
  'notify.assessment.refused': 'Appeal refused: {month} {indicator}',
  'charging.not_community': 'A charging station belongs to a community',
  'charging.grid_not_in_community': 'The grid is not in this community',
  'charging.station_exists': 'There is already a station of that name in this community',
  'charging.port_taken': 'That port label or charger plug is already in use',
  'charging.bad_bands': 'The time-of-use bands are wrong: {problem}',
  'charging.tariff_behind_bills': 'A tariff cannot take effect before a session already billed ({at})',
  'charging.tariff_exists': 'There is already a tariff version from that time',
  'charging.future_time': 'The time cannot be in the future',
  'charging.port_busy': 'This port is already charging',
  'charging.not_charging': 'This session is not charging',
  'charging.meter_backwards': 'The meter reads less than at the start ({start} kWh); nothing billed',
  'charging.before_start': 'The stop is before the start',
  'charging.no_tariff': 'No tariff in force at {at}',
  'charging.no_receipt': 'Only a completed, billed session has a receipt',
  'charging.month_order': 'The last month cannot be before the first',
  'charging.month_range': 'At most 36 months',
  'charging.session_ref_taken': 'This port already has a session with session reference {ref}',
  'charging.unknown_charger': 'No device with code {code} in your area',
  'charging.unknown_device': 'No such device in your area',
  'charging.not_charger': 'Device {code} is not an EV charger',
  'charging.charger_other_community': "Charger {code} belongs to another community than the station's",
  'charging.device_mismatch': 'The device id is not that of device {code}',
  'charging.port_closed': 'This charging port is out of use',
  'charging.meter_unknown': 'The charger has not reported its meter yet; try again shortly',
  'charging.payer_busy': 'You have a charge still running or unpaid; finish it first',
  'charging.balance_low': 'Balance too low: at least {need} yuan needed; top up first',
  'charging.balance_cap': 'A balance may hold at most {max} yuan',
  'charging.already_paid': 'This charge is paid already',
  'charging.not_billed': 'This charge is not billed yet',
  'charging.nothing_to_refund': 'Nothing left on the balance to refund',
  'notify.text': '{text}',
  'notify.alarm_call': 'Urgent alarm: {alarm} at {place}; respond now and acknowledge it',
  'notify.help_call': 'Someone near {station} is calling for help',
  'notify.matter.new': 'New matter {code}',
  'notify.matter.followed': 'Matter {code} you follow: {change}',
  'notify.matter.changed': 'Matter {code}: {change}',
  'notify.matter.to_department': 'Matter {code} passed to {department} to handle',
  'notify.matter.deadline_warning': 'Matter {code} is close to its {what} deadline',
  'notify.matter.extension_requested': 'Matter {code}: more time asked, until {until}',
  'notify.matter.extension_decided': 'Matter {code}: the request for more time was {decision}',
  'notify.matter.assist_requested': 'Matter {code}: {department} is asked to assist',
  'notify.matter.assist_replied': 'Matter {code}: {department} replied as assisting unit',
  'notify.care.missed_check': 'Daily check: {name} {check}',
  'notify.care.escalated': 'Daily check escalated: {name} {check}',
  'notify.care.escalated_body':
    '{previous}Not confirmed within {minutes} minutes: please visit or call to make sure all is well. {address}',
  'notify.deliberation.topic_agenda': 'Topic "{title}" has {supports} supporters and goes onto the agenda',
  'notify.deliberation.meeting_invite': 'You are invited to "{title}"',
  'notify.deliberation.meeting_cancelled': '"{title}" is cancelled',
  'notify.deliberation.vote_reminder': '"{title}" is open and you have not voted yet',
  'notify.deliberation.booking': '{name} booked a consultation at {time}',
  'notify.deliberation.booking_cancelled': 'The consultation at {time} is cancelled',
  'notify.deliberation.booking_reminder': 'Reminder: consultation at {time} {desk}',
  'notify.mediation.new_case': 'Dispute case {code}: {summary}',
  'notify.mediation.assigned': 'Dispute case {code} is assigned to you',
  'notify.mediation.overdue': 'Dispute case {code} is overdue',
  'notify.rights.opened': 'New rights case {code}: contact the worker within a day',
  'notify.mediation.follow_up_due': 'Dispute case {code} is due for a follow-up visit',
  'notify.supervision.order': 'Supervised: {target}, to be done by {deadline}',
  'notify.supervision.reminder': 'Reminder: {target}',
  'notify.campaigns.overdue': 'Rectification overdue: {number} ({title})',
  'notify.campaigns.recheck_failed': 'Re-check failed: {number} ({title})',
  'notify.notices.new': '{headline}',
  'notify.notices.visit_task': 'An elder living alone has not acknowledged an anti-fraud alert: visit or call',
  'notify.supervision.card': 'Supervision of {target}: {card} card',
  'volunteer.series_bad_rule': 'The recurrence rule cannot be read: {reason}',
  'volunteer.not_an_occurrence': '{date} is not an occurrence of this series',
  'volunteer.no_occurrence': 'The occurrence on {date} has not been created yet',
  'volunteer.move_needs_change': 'Give a new time or place',
  'alliance.bad_credit_code': 'Not a valid unified social credit code (18 characters with its check digit)',
  'alliance.credit_code_taken': 'A unit with this unified social credit code is already registered',
  'alliance.unit_inactive': 'This unit is inactive',
  'alliance.not_in_area': 'This is outside the area the unit serves',
  'notify.volunteer.occurrence_cancelled': 'Activity cancelled: {title} ({date}) {reason}',
  'notify.volunteer.occurrence_moved': 'Activity changed: {title} ({date}) now {when} {place}',
};

const catalogs: Record<Locale, Catalog> = { 'zh-CN': zh, en };

export type TranslationKey = keyof Catalog;

/** A value given in each language, for messages whose parameters are words (a status, an action). */
export type Localized = Record<Locale, string>;
export type MessageParams = Record<string, string | number | Localized>;

export function translate(locale: Locale, key: TranslationKey, params: MessageParams = {}): string {
  const template = catalogs[locale][key] ?? catalogs['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    return typeof value === 'object' ? value[locale] : String(value ?? '');
  });
}

/** A message in every language, to pass as a parameter of another message. */
export function inEveryLanguage(key: TranslationKey, params: MessageParams = {}): Localized {
  return { 'zh-CN': translate('zh-CN', key, params), en: translate('en', key, params) };
}

/** Picks zh-CN or en from an Accept-Language header; anything else falls back. */
export function negotiateLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}
