import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addAppToHomeScreen, homeScreenMissing } from '../lib/telegram.ts';
import { Button } from './ui.tsx';

const DISMISSED = 'home-screen-prompt-dismissed';

/** Offers Telegram's "add to home screen" once, where the client supports it and the shortcut is missing. */
export function HomeScreenPrompt() {
  const { t } = useTranslation();
  const [show, setShow] = useState(false);
  useEffect(() => {
    if (localStorage.getItem(DISMISSED)) return;
    let live = true;
    void homeScreenMissing().then((missing) => live && setShow(missing));
    return () => {
      live = false;
    };
  }, []);
  if (!show) return null;
  const close = () => (localStorage.setItem(DISMISSED, '1'), setShow(false));
  return (
    <div className="card home-screen-prompt" data-testid="home-screen-prompt">
      <p className="small">{t('homeScreen.text')}</p>
      <div className="grid2" style={{ marginTop: 8 }}>
        <Button variant="secondary" small onClick={close}>{t('homeScreen.later')}</Button>
        <Button small onClick={() => (addAppToHomeScreen(), close())}>{t('homeScreen.add')}</Button>
      </div>
    </div>
  );
}
