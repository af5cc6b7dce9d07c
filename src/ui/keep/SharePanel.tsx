/**
 * "Share": a compact link that reopens this study's configuration elsewhere, shown in a text field and
 * copied to the clipboard; and the banner that offers a configuration arriving by such a link, which is
 * applied only when the person accepts it.
 */
import { useState } from 'react';
import { useActions, useAppState } from '../common/storeContext';

export function ShareButton() {
  const actions = useActions();
  const [link, setLink] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const share = async () => {
    const result = await actions.makeShareLink(window.location.href);
    if (!result.ok) {
      setLink(null);
      setMessage(result.message);
      return;
    }
    setLink(result.url);
    try {
      await navigator.clipboard.writeText(result.url);
      setMessage('Copied to the clipboard.');
    } catch {
      setMessage('Select the link and copy it.'); // clipboard access needs focus or permission
    }
  };
  return (
    <div className="share">
      <button type="button" onClick={() => void share()}>
        Share
      </button>
      {link !== null && (
        <label className="share-link">
          Share link
          <input type="text" readOnly value={link} onFocus={(e) => e.target.select()} />
        </label>
      )}
      {message && <span className="muted">{message}</span>}
    </div>
  );
}

export function SharedConfigBanner() {
  const pending = useAppState((s) => s.pendingShare);
  const actions = useActions();
  if (!pending) return null;
  const details = [
    `dataset ${pending.dataset}`,
    pending.target ? `target ${pending.target}` : null,
    `preset ${pending.preset}`,
    pending.sampler ? `sampler ${pending.sampler}` : null,
    pending.pruner ? `early stopping ${pending.pruner}` : null,
    pending.trials ? `${pending.trials} trials` : null,
    pending.minutes ? `${pending.minutes} min` : null,
    `seed ${pending.seed}`,
    pending.space ? `a custom space of ${pending.space.params.length} parameters` : null,
  ].filter(Boolean);
  return (
    <div className="shared-banner" role="region" aria-label="Shared configuration">
      <p>
        This link shares a study configuration: {details.join(', ')}. Nothing runs until you choose to.
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void actions.acceptSharedConfig()}>
          Use this configuration
        </button>
        <button type="button" onClick={() => actions.dismissSharedConfig()}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
