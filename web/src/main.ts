import { createApp } from 'vue'
import App from './App.vue'
import { registerServiceWorker } from './lib/service-worker'
import { router } from './router/index'
import './style.css'

createApp(App).use(router).mount('#app')
registerServiceWorker()
