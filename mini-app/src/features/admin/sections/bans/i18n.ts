// Strings of the ban list section.
export default {
  en: {
    bansTab: 'Ban list',
    bans: {
      hint: 'Everyone banned, by whom, why and until when. A ban with an end lets the person back in by itself.',
      search: 'Name, @username or Telegram id',
      show: { active: 'In force', ended: 'Ran out', lifted: 'Lifted by hand', past: 'Ran out or lifted', all: 'All bans' },
      reasonFilter: 'Reason contains…',
      col: { person: 'Person', reason: 'Reason', bannedAt: 'Banned', by: 'By', until: 'Until', status: 'Status', action: 'Action' },
      permanent: 'Permanent',
      status: { active: 'In force', ended: 'Ended', lifted: 'Lifted' },
      liftedBy: 'lifted by {{name}}',
      unban: 'Unban',
      confirmUnban: 'Unban {{name}}? They can use the app and the bot again.',
      unbanned: '{{name}} is unbanned',
    },
  },
  ru: {
    bansTab: 'Блокировки',
    bans: {
      hint: 'Все блокировки: кто заблокировал, за что и до когда. Блокировка со сроком снимается сама.',
      search: 'Имя, @username или Telegram id',
      show: { active: 'Действуют', ended: 'Истекли', lifted: 'Сняты вручную', past: 'Истекли или сняты', all: 'Все' },
      reasonFilter: 'Причина содержит…',
      col: { person: 'Участник', reason: 'Причина', bannedAt: 'Когда', by: 'Кто', until: 'До', status: 'Статус', action: 'Действие' },
      permanent: 'Бессрочно',
      status: { active: 'Действует', ended: 'Истекла', lifted: 'Снята' },
      liftedBy: 'снял(а) {{name}}',
      unban: 'Разблокировать',
      confirmUnban: 'Разблокировать {{name}}? Приложение и бот снова станут доступны.',
      unbanned: '{{name}} разблокирован',
    },
  },
};
