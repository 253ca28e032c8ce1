// The bot's own strings, in both of the audience's languages. In lib, not bot/, because services
// that have the bot send something (inbox notices, the data export) use them too.
const strings = {
  en: {
    welcome: (name: string) =>
      `Hi, ${name}! Earn points for tasks, keep your daily streak, climb the leaderboard and collect rewards.`,
    welcomeInvited: 'A friend invited you: complete your first task and they get a bonus.',
    open: 'Open the app',
    help: 'Open the app with the button below. Commands: /start — the app button, /help — this message.',
    banned: 'Your account is blocked in this community.',
    dialogReceived: 'Thanks, we got your message. The team will answer here in this chat.',
    exportCaption: 'Your data',
    newConversation: (who: string, text: string) => `New conversation in the Inbox from ${who}:\n\n${text}`,
    inviteTitle: 'Invite to the app',
    inviteText: (name: string) => `${name} invites you: earn points for tasks, keep a daily streak and collect rewards together.`,
    inviteButton: 'Join',
  },
  ru: {
    welcome: (name: string) =>
      `Привет, ${name}! Получайте баллы за задания, держите ежедневную серию, поднимайтесь в рейтинге и собирайте награды.`,
    welcomeInvited: 'Вас пригласил друг: выполните первое задание, и он получит бонус.',
    open: 'Открыть приложение',
    help: 'Откройте приложение кнопкой ниже. Команды: /start — кнопка приложения, /help — это сообщение.',
    banned: 'Ваш аккаунт заблокирован в этом сообществе.',
    dialogReceived: 'Спасибо, сообщение получено. Команда ответит здесь, в этом чате.',
    exportCaption: 'Ваши данные',
    newConversation: (who: string, text: string) => `Новый диалог во «Входящих» от ${who}:\n\n${text}`,
    inviteTitle: 'Приглашение в приложение',
    inviteText: (name: string) => `${name} приглашает вас: получайте баллы за задания, держите ежедневную серию и собирайте награды вместе.`,
    inviteButton: 'Присоединиться',
  },
};

export type BotLang = keyof typeof strings;
export const t = (lang: string | null | undefined) => strings[lang === 'ru' ? 'ru' : 'en'];
