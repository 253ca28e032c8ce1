export default {
  en: { title: 'Leaderboard', all: 'All time', weekly: 'This week', friends: 'Friends', you: 'You', notRanked: 'Not ranked yet — complete a task!', empty: 'No one here yet.', points: '{{points}} pts' },
  ru: { title: 'Рейтинг', all: 'За всё время', weekly: 'Неделя', friends: 'Друзья', you: 'Вы', notRanked: 'Пока без места — выполните задание!', empty: 'Здесь пока никого.', points: '{{points}} б.' },
};
