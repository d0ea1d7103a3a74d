import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../types.ts';
import { setDayjsLocale } from '../time.ts';
import { en } from './en.ts';
import { exportsEn, exportsZh } from './exports.ts';
import { fieldEn, fieldZh } from './field.ts';
import { fieldAdminEn, fieldAdminNavEn, fieldAdminNavZh, fieldAdminZh } from './field-admin.ts';
import { invitationsEn, invitationsNavEn, invitationsNavZh, invitationsZh } from './invitations.ts';
import { statisticsEn, statisticsNavEn, statisticsNavZh, statisticsZh } from './statistics.ts';
import { selfServiceEn, selfServiceNavEn, selfServiceNavZh, selfServiceZh } from './self-service.ts';
import { supervisionEn, supervisionNavEn, supervisionNavZh, supervisionZh } from './supervision.ts';
import { zhCN } from './zh-CN.ts';
import { mattersDeskEn, mattersDeskZh } from './matters-desk.ts';
import { workbenchEn, workbenchZh } from './workbench.ts';
import { assessmentEn, assessmentNavEn, assessmentNavZh, assessmentZh } from './assessment.ts';
import { reportsEn, reportsNavEn, reportsNavZh, reportsZh } from './reports.ts';
import { serviceMapEn, serviceMapNavEn, serviceMapNavZh, serviceMapZh } from './servicemap.ts';
import { cockpitEn, cockpitNavEn, cockpitNavZh, cockpitZh } from './cockpit.ts';
import { warningsEn, warningsNavEn, warningsNavZh, warningsZh } from './warnings.ts';
import { chargingH5En, chargingH5Zh } from './charging-h5.ts';
import { nearbyEn, nearbyZh } from './nearby.ts';
import { rightsEn, rightsZh } from './rights.ts';
import { oddjobsEn, oddjobsNavEn, oddjobsNavZh, oddjobsZh } from './oddjobs.ts';
import { coursesEn, coursesNavEn, coursesNavZh, coursesZh } from './courses.ts';
import { welfareEn, welfareNavEn, welfareNavZh, welfareZh } from './welfare.ts';
import { legalEn, legalNavEn, legalNavZh, legalZh } from './legal.ts';
import { budgetsEn, budgetsNavEn, budgetsNavZh, budgetsZh } from './budgets.ts';
import { electionsEn, electionsNavEn, electionsNavZh, electionsZh } from './elections.ts';
import { publicPagesEn, publicPagesZh } from './publicpages.ts';
import { allianceEn, allianceNavEn, allianceNavZh, allianceZh, seriesEn, seriesZh } from './alliance.ts';
import { surveysEn, surveysNavEn, surveysNavZh, surveysZh } from './surveys.ts';
import { creditEn, creditNavEn, creditNavZh, creditZh } from './credit.ts';
import { accessEn, accessNavEn, accessNavZh, accessZh } from './access.ts';
import { partyEn, partyNavEn, partyNavZh, partyZh } from './party.ts';
import { campaignsEn, campaignsNavEn, campaignsNavZh, campaignsZh } from './campaigns.ts';
import { noticesEn, noticesNavEn, noticesNavZh, noticesZh } from './notices.ts';
import { compoundsEn, compoundsNavEn, compoundsNavZh, compoundsZh } from './compounds.ts';
import { jobfairsEn, jobfairsNavEn, jobfairsNavZh, jobfairsZh } from './jobfairs.ts';
import { specialEn, specialNavEn, specialNavZh, specialZh } from './special.ts';
import { voteChannelsEn, voteChannelsZh } from './vote-channels.ts';
import { followUpsEn, followUpsZh } from './follow-ups.ts';

const STORAGE_KEY = 'gongzhi.locale';

function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'zh-CN' ? value : null;
  } catch {
    return null; // storage may be blocked; the default language still works
  }
}

const initial: Locale = storedLocale() ?? 'zh-CN';

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
// Strings kept in files of their own, added beside the main ones.
i18n.addResourceBundle('zh-CN', 'translation', { nav: invitationsNavZh, invitations: invitationsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: invitationsNavEn, invitations: invitationsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: selfServiceNavZh, selfService: selfServiceZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: selfServiceNavEn, selfService: selfServiceEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nearby: nearbyZh }, true);
i18n.addResourceBundle('en', 'translation', { nearby: nearbyEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { chargingH5: chargingH5Zh }, true);
i18n.addResourceBundle('en', 'translation', { chargingH5: chargingH5En }, true);
i18n.addResourceBundle('zh-CN', 'translation', { rights: rightsZh }, true);
i18n.addResourceBundle('en', 'translation', { rights: rightsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: oddjobsNavZh, oddjobs: oddjobsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: oddjobsNavEn, oddjobs: oddjobsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: coursesNavZh, courses: coursesZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: coursesNavEn, courses: coursesEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: welfareNavZh, welfare: welfareZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: welfareNavEn, welfare: welfareEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: legalNavZh, legal: legalZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: legalNavEn, legal: legalEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: budgetsNavZh, budgets: budgetsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: budgetsNavEn, budgets: budgetsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: electionsNavZh, elections: electionsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: electionsNavEn, elections: electionsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { publicPages: publicPagesZh }, true);
i18n.addResourceBundle('en', 'translation', { publicPages: publicPagesEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: allianceNavZh, alliance: allianceZh, series: seriesZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: allianceNavEn, alliance: allianceEn, series: seriesEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: surveysNavZh, surveys: surveysZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: surveysNavEn, surveys: surveysEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: creditNavZh, credit: creditZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: creditNavEn, credit: creditEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: accessNavZh, access: accessZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: accessNavEn, access: accessEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: partyNavZh, party: partyZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: partyNavEn, party: partyEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: campaignsNavZh, campaigns: campaignsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: campaignsNavEn, campaigns: campaignsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: noticesNavZh, notices: noticesZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: noticesNavEn, notices: noticesEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: compoundsNavZh, compounds: compoundsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: compoundsNavEn, compounds: compoundsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: jobfairsNavZh, jobfairs: jobfairsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: jobfairsNavEn, jobfairs: jobfairsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: specialNavZh, special: specialZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: specialNavEn, special: specialEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { field: fieldZh }, true);
i18n.addResourceBundle('en', 'translation', { field: fieldEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: fieldAdminNavZh, fieldAdmin: fieldAdminZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: fieldAdminNavEn, fieldAdmin: fieldAdminEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: supervisionNavZh, supervision: supervisionZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: supervisionNavEn, supervision: supervisionEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: statisticsNavZh, statistics: statisticsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: statisticsNavEn, statistics: statisticsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { exports: exportsZh }, true);
i18n.addResourceBundle('en', 'translation', { exports: exportsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { mattersDesk: mattersDeskZh }, true);
i18n.addResourceBundle('en', 'translation', { mattersDesk: mattersDeskEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { workbench: workbenchZh }, true);
i18n.addResourceBundle('en', 'translation', { workbench: workbenchEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: assessmentNavZh, assessment: assessmentZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: assessmentNavEn, assessment: assessmentEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: reportsNavZh, reports: reportsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: reportsNavEn, reports: reportsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: serviceMapNavZh, serviceMap: serviceMapZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: serviceMapNavEn, serviceMap: serviceMapEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: cockpitNavZh, cockpit: cockpitZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: cockpitNavEn, cockpit: cockpitEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { nav: warningsNavZh, warnings: warningsZh }, true);
i18n.addResourceBundle('en', 'translation', { nav: warningsNavEn, warnings: warningsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { voteChannels: voteChannelsZh }, true);
i18n.addResourceBundle('en', 'translation', { voteChannels: voteChannelsEn }, true);
i18n.addResourceBundle('zh-CN', 'translation', { followUps: followUpsZh }, true);
i18n.addResourceBundle('en', 'translation', { followUps: followUpsEn }, true);
applyLocale(initial);

function applyLocale(locale: Locale) {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  setDayjsLocale(locale);
}

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Switches the UI language, remembers it, and makes the API answer in it (Accept-Language). */
export function setLocale(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered, but switched for this visit
  }
  applyLocale(locale);
  void i18n.changeLanguage(locale);
}
