export default {
  en: {
    contactsTab: 'Contacts',
    contacts: {
      intro: 'Phone numbers participants chose to share through the bot, with their consent. Only owners and admins see them; a participant can withdraw theirs at any time.',
      search: 'Name, @username or digits of the number',
      col: { name: 'Name', username: 'Username', phone: 'Phone', telegramId: 'Telegram id', sharedAt: 'Shared' },
      exportNote: 'Every CSV export is recorded in the audit log with who made it.',
    },
  },
  ru: {
    contactsTab: 'Контакты',
    contacts: {
      intro: 'Номера телефонов, которыми участники сами поделились через бота, с их согласия. Их видят только владельцы и администраторы; участник может отозвать свой номер в любой момент.',
      search: 'Имя, @username или цифры номера',
      col: { name: 'Имя', username: 'Username', phone: 'Телефон', telegramId: 'Telegram id', sharedAt: 'Поделился' },
      exportNote: 'Каждая выгрузка CSV записывается в журнал действий с именем того, кто её сделал.',
    },
  },
};
