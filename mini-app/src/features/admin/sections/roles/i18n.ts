export default {
  en: {
    rolesTab: 'Roles',
    rolesHint: 'Who runs the community and what each may do. Owners listed in ADMIN_TELEGRAM_IDS stay owners; the last owner cannot be removed. Every change is in the audit log.',
    roleTelegramId: 'Telegram id',
    roleLabel: 'Role',
    roleGive: 'Give role',
    roleRemove: 'Remove',
    roleFixed: 'owner from the configuration',
    roleSaved: 'Role saved',
    teamCol: { name: 'Name', username: 'Username', fixed: 'Set in configuration' },
  },
  ru: {
    rolesTab: 'Роли',
    rolesHint: 'Кто ведёт сообщество и что каждому можно. Владельцы из ADMIN_TELEGRAM_IDS остаются владельцами; последнего владельца убрать нельзя. Каждое изменение попадает в журнал.',
    roleTelegramId: 'Telegram id',
    roleLabel: 'Роль',
    roleGive: 'Назначить',
    roleRemove: 'Убрать',
    roleFixed: 'владелец из настроек',
    roleSaved: 'Роль сохранена',
    teamCol: { name: 'Имя', username: 'Имя пользователя', fixed: 'Задан в настройках' },
  },
};
