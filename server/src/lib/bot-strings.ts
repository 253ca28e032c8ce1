// The bot's own strings, in both of the audience's languages. In lib, not bot/, because services
// that have the bot send something (inbox notices, the data export) use them too.
const strings = {
  en: {
    welcome: (name: string) =>
      `Hi, ${name}! Earn points for tasks, keep your daily streak, climb the leaderboard and collect rewards.`,
    welcomeInvited: 'A friend invited you: complete your first task and they get a bonus.',
    open: 'Open the app',
    help: 'Open the app with the button below. Commands: /start — the app button, /phone — share your phone number, /forget_phone — delete it, /help — this message.',
    banned: 'Your account is blocked in this community.',
    dialogReceived: 'Thanks, we got your message. The team will answer here in this chat.',
    exportCaption: 'Your data',
    newConversation: (who: string, text: string) => `New conversation in the Inbox from ${who}:\n\n${text}`,
    dialogAssigned: (by: string, who: string, text: string) =>
      `${by} assigned you the conversation with ${who} in the Inbox.${text ? `\n\nTheir last message:\n${text}` : ''}`,
    phoneAsk: 'Would you like to share your phone number with the community team? Press the button below to send it.',
    phoneConsent:
      'By sharing it you agree that the community’s owners and admins may see your number and contact you. Nobody else sees it. Withdraw it any time: /forget_phone or Profile in the app.',
    phoneButton: '📱 Share my phone number',
    phoneSaved: 'Thank you! Your number is saved. Withdraw it any time with /forget_phone.',
    phoneNotYours: 'Only your own number can be shared, with the button. This contact was not saved.',
    phoneForgotten: 'Your phone number is deleted.',
    phoneNone: 'We do not keep a phone number of yours.',
    inviteTitle: 'Invite to the app',
    inviteText: (name: string) => `${name} invites you: earn points for tasks, keep a daily streak and collect rewards together.`,
    inviteButton: 'Join',
  },
  ru: {
    welcome: (name: string) =>
      `Привет, ${name}! Получайте баллы за задания, держите ежедневную серию, поднимайтесь в рейтинге и собирайте награды.`,
    welcomeInvited: 'Вас пригласил друг: выполните первое задание, и он получит бонус.',
    open: 'Открыть приложение',
    help: 'Откройте приложение кнопкой ниже. Команды: /start — кнопка приложения, /phone — поделиться номером, /forget_phone — удалить его, /help — это сообщение.',
    banned: 'Ваш аккаунт заблокирован в этом сообществе.',
    dialogReceived: 'Спасибо, сообщение получено. Команда ответит здесь, в этом чате.',
    exportCaption: 'Ваши данные',
    newConversation: (who: string, text: string) => `Новый диалог во «Входящих» от ${who}:\n\n${text}`,
    dialogAssigned: (by: string, who: string, text: string) =>
      `${by} назначил(а) вам диалог с ${who} во «Входящих».${text ? `\n\nПоследнее сообщение:\n${text}` : ''}`,
    phoneAsk: 'Хотите поделиться номером телефона с командой сообщества? Нажмите кнопку ниже, чтобы отправить его.',
    phoneConsent:
      'Отправляя номер, вы соглашаетесь, что владельцы и администраторы сообщества увидят его и смогут с вами связаться. Больше его не видит никто. Отозвать согласие можно в любой момент: /forget_phone или «Профиль» в приложении.',
    phoneButton: '📱 Отправить мой номер',
    phoneSaved: 'Спасибо! Номер сохранён. Удалить его можно в любой момент командой /forget_phone.',
    phoneNotYours: 'Поделиться можно только своим номером, кнопкой. Этот контакт не сохранён.',
    phoneForgotten: 'Ваш номер телефона удалён.',
    phoneNone: 'Вашего номера телефона у нас нет.',
    inviteTitle: 'Приглашение в приложение',
    inviteText: (name: string) => `${name} приглашает вас: получайте баллы за задания, держите ежедневную серию и собирайте награды вместе.`,
    inviteButton: 'Присоединиться',
  },
};

export type BotLang = keyof typeof strings;
export const t = (lang: string | null | undefined) => strings[lang === 'ru' ? 'ru' : 'en'];
