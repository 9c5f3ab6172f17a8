import type { MessageSchema } from './en';

export const es: MessageSchema = {
  app: {
    name: 'HealthDesk',
    skipToContent: 'Saltar al contenido',
    mainNavigation: 'Navegación principal',
  },
  nav: {
    about: 'Acerca de este equipo',
  },
  language: {
    label: 'Idioma',
    en: 'English',
    es: 'Español',
  },
  connection: {
    lost: 'El servicio de HealthDesk no responde. Reconectando…',
    missingToken:
      'Esta página necesita la dirección que muestra «npm start», que incluye una clave de un solo uso. Abra esa dirección para continuar.',
    missingTokenTitle: 'Abra HealthDesk desde su dirección',
  },
  about: {
    title: 'Acerca de este equipo',
    appSection: 'HealthDesk',
    pcSection: 'Este equipo',
    disksSection: 'Discos',
    version: 'Versión',
    runtime: 'Se ejecuta como',
    runtimeElectron: 'Aplicación de escritorio',
    runtimeBrowser: 'Modo navegador',
    platform: 'Plataforma',
    dataDir: 'Carpeta de datos',
    hostname: 'Nombre del equipo',
    os: 'Sistema operativo',
    cpu: 'Procesador',
    cores: 'Núcleos del procesador',
    coresValue: '{logical} lógicos ({physical} físicos)',
    memory: 'Memoria',
    noDisks: 'Este equipo no informa de ningún disco.',
    loading: 'Leyendo los datos de este equipo…',
    retry: 'Reintentar',
  },
  errors: {
    BAD_REQUEST: 'HealthDesk envió una solicitud que su servicio no aceptó.',
    UNKNOWN_METHOD: 'Esta versión del servicio de HealthDesk no ofrece esa acción.',
    UNAUTHORIZED: 'Se rechazó la solicitud porque no venía de HealthDesk.',
    PAYLOAD_TOO_LARGE: 'Son demasiados datos para enviarlos de una vez.',
    UNSUPPORTED: 'Esto no está disponible aquí.',
    UNAVAILABLE: 'Esta información no está disponible en este equipo ahora.',
    TIMEOUT: 'El servicio tardó demasiado en responder.',
    NOT_FOUND: 'No se encontró.',
    DISCONNECTED: 'No se pudo contactar con el servicio de HealthDesk.',
    INTERNAL: 'Algo falló dentro de HealthDesk.',
  },
};
