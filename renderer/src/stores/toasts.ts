import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
  action?: { label: string; run: () => void | Promise<void> };
}

/** Short messages after an action ("Reading saved · Undo"), announced to screen readers. */
export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let next = 1;

  function show(
    message: string,
    options: { tone?: Toast['tone']; action?: Toast['action'] } = {},
  ): void {
    const toast: Toast = { id: next++, message, tone: options.tone ?? 'info' };
    if (options.action) toast.action = options.action;
    toasts.value = [...toasts.value.slice(-3), toast];
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
  }

  return { toasts, show, dismiss };
});
