import 'i18next';
import type { exportsZh } from './exports.ts';
import type { fieldZh } from './field.ts';
import type { fieldAdminNavZh, fieldAdminZh } from './field-admin.ts';
import type { selfServiceNavZh, selfServiceZh } from './self-service.ts';
import type { invitationsNavZh, invitationsZh } from './invitations.ts';
import type { supervisionNavZh, supervisionZh } from './supervision.ts';
import type { statisticsNavZh, statisticsZh } from './statistics.ts';
import type { zhCN } from './zh-CN.ts';
import type { mattersDeskZh } from './matters-desk.ts';
import type { workbenchZh } from './workbench.ts';
import type { assessmentNavZh, assessmentZh } from './assessment.ts';
import type { reportsNavZh, reportsZh } from './reports.ts';
import type { serviceMapNavZh, serviceMapZh } from './servicemap.ts';
import type { cockpitNavZh, cockpitZh } from './cockpit.ts';
import type { warningsNavZh, warningsZh } from './warnings.ts';
import type { chargingH5Zh } from './charging-h5.ts';
import type { nearbyZh } from './nearby.ts';
import type { oddjobsNavZh, oddjobsZh } from './oddjobs.ts';
import type { jobfairsNavZh, jobfairsZh } from './jobfairs.ts';
import type { rightsZh } from './rights.ts';
import type { coursesNavZh, coursesZh } from './courses.ts';
import type { welfareNavZh, welfareZh } from './welfare.ts';
import type { legalNavZh, legalZh } from './legal.ts';
import type { budgetsNavZh, budgetsZh } from './budgets.ts';
import type { electionsNavZh, electionsZh } from './elections.ts';
import type { publicPagesZh } from './publicpages.ts';
import type { voteChannelsZh } from './vote-channels.ts';
import type { allianceNavZh, allianceZh, seriesZh } from './alliance.ts';
import type { surveysNavZh, surveysZh } from './surveys.ts';
import type { creditNavZh, creditZh } from './credit.ts';
import type { accessNavZh, accessZh } from './access.ts';
import type { partyNavZh, partyZh } from './party.ts';
import type { campaignsNavZh, campaignsZh } from './campaigns.ts';
import type { noticesNavZh, noticesZh } from './notices.ts';
import type { compoundsNavZh, compoundsZh } from './compounds.ts';
import type { specialNavZh, specialZh } from './special.ts';
import type { followUpsZh } from './follow-ups.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: typeof zhCN & { nav: typeof supervisionNavZh; supervision: typeof supervisionZh } & {
        exports: typeof exportsZh;
      } & {
        nav: typeof invitationsNavZh;
        invitations: typeof invitationsZh;
      } & {
        nav: typeof selfServiceNavZh;
        selfService: typeof selfServiceZh;
      } & { field: typeof fieldZh } & { nav: typeof fieldAdminNavZh; fieldAdmin: typeof fieldAdminZh } & {
        nav: typeof statisticsNavZh;
        statistics: typeof statisticsZh;
      } & { mattersDesk: typeof mattersDeskZh } & { workbench: typeof workbenchZh } & {
        nav: typeof assessmentNavZh;
        assessment: typeof assessmentZh;
      } & { nav: typeof reportsNavZh; reports: typeof reportsZh } & {
        nav: typeof serviceMapNavZh;
        serviceMap: typeof serviceMapZh;
      } & { nav: typeof cockpitNavZh; cockpit: typeof cockpitZh } & {
        nav: typeof warningsNavZh;
        warnings: typeof warningsZh;
      } & { nearby: typeof nearbyZh } & { chargingH5: typeof chargingH5Zh } & { rights: typeof rightsZh } & {
        nav: typeof oddjobsNavZh;
        oddjobs: typeof oddjobsZh;
      } & {
        nav: typeof coursesNavZh;
        courses: typeof coursesZh;
      } & {
        nav: typeof welfareNavZh;
        welfare: typeof welfareZh;
      } & {
        nav: typeof legalNavZh;
        legal: typeof legalZh;
      } & {
        nav: typeof budgetsNavZh;
        budgets: typeof budgetsZh;
      } & {
        nav: typeof electionsNavZh;
        elections: typeof electionsZh;
        publicPages: typeof publicPagesZh;
      } & {
        nav: typeof allianceNavZh;
        alliance: typeof allianceZh;
        series: typeof seriesZh;
      } & {
        nav: typeof surveysNavZh;
        surveys: typeof surveysZh;
      } & {
        nav: typeof creditNavZh;
        credit: typeof creditZh;
      } & {
        nav: typeof accessNavZh;
        access: typeof accessZh;
      } & {
        nav: typeof partyNavZh;
        party: typeof partyZh;
      } & {
        nav: typeof campaignsNavZh;
        campaigns: typeof campaignsZh;
      } & {
        nav: typeof noticesNavZh;
        notices: typeof noticesZh;
      } & {
        nav: typeof compoundsNavZh;
        compounds: typeof compoundsZh;
      } & {
        nav: typeof jobfairsNavZh;
        jobfairs: typeof jobfairsZh;
      } & {
        nav: typeof specialNavZh;
        special: typeof specialZh;
      } & {
        voteChannels: typeof voteChannelsZh;
      } & {
        followUps: typeof followUpsZh;
      };
    };
  }
}
