import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  className?: string;
  /** When it changes (a new step of the dialog), the step's data-autofocus element takes the focus. */
  focusKey?: string;
}

/**
 * A modal window on the native <dialog>: the browser keeps focus inside it,
 * makes the page behind inert, and Esc closes it. The first element marked
 * data-autofocus takes the focus; it returns to where it was on close.
 */
export function Modal({ title, onClose, children, footer, testId, className, focusKey }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    // The dialog's own first control, not its close button, takes the focus.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    // Esc: the dialog is closed by its owner, which unmounts it. (Without a
    // user gesture since the last Esc the browser may close it anyway: then
    // the close event tells the owner.)
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    // A close event queued by an earlier close() (a remount) finds the dialog open again: not ours.
    const onNativeClose = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onNativeClose);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
      before?.focus();
    };
  }, []);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [focusKey]);

  return (
    <dialog ref={ref} className={`modal${className ? ` ${className}` : ''}`} aria-labelledby="modal-title" data-testid={testId}>
      <header className="modal-head">
        <h2 id="modal-title">{title}</h2>
        <button type="button" className="icon" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div className="modal-body">{children}</div>
      {footer && <footer className="modal-foot">{footer}</footer>}
    </dialog>
  );
}
