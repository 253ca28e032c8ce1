import { useEffect } from 'react';
import { useTonConnectUI } from '@tonconnect/ui-react';
import { useTranslation } from 'react-i18next';

/** Keeps the TON Connect button and modal in the app's language (they default to the system's). */
export function TonConnectLanguage() {
  const { i18n } = useTranslation();
  const [, setOptions] = useTonConnectUI();
  const language = i18n.language === 'ru' ? 'ru' : 'en';
  useEffect(() => setOptions({ language }), [language, setOptions]);
  return null;
}
