/// <reference types="vite/client" />
/// <reference types="@sveltejs/kit" />
declare global {
  namespace App {}
}
export {};
