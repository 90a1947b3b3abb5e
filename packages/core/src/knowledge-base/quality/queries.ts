/**
 * The labelled evaluation set of issue 12, second half: what requesters type before writing a
 * ticket (lowercase, without accents, with typos, abbreviations, their own words rather than the
 * article's, complaints), each with the key of the article that should come first and, for some,
 * the service the requester picked in the portal form.
 */

export interface QualityQuery {
  /** What the requester typed (as the ticket title or the start of its description). */
  text: string;
  /** Key of the article (in `QUALITY_ARTICLES`) that should come first. */
  expected: string;
  /** The service picked in the form, when the requester picked one. */
  service?: string;
}

const q = (text: string, expected: string, service?: string): QualityQuery =>
  service ? { text, expected, service } : { text, expected };

export const QUALITY_QUERIES: readonly QualityQuery[] = [
  // moodle-quiz-create
  q('comment creer un qcm sur moodle', 'moodle-quiz-create'),
  q('faire un test en ligne pour mes etudiants', 'moodle-quiz-create', 'moodle'),
  q('ajouter des questions a choix multiple dans mon cours', 'moodle-quiz-create'),
  q('quizz moodle limite de temps et nombre de tentatives', 'moodle-quiz-create'),
  q('je voudrais mettre un examen en ligne sur openinsa', 'moodle-quiz-create'),
  // moodle-quiz-timeout
  q('les copies de mes etudiants ont disparu a la fin du temps du test', 'moodle-quiz-timeout'),
  q('tentative jamais remise alors que l etudiant avait repondu', 'moodle-quiz-timeout'),
  q('note zero au qcm car le chrono est arrivé a zero', 'moodle-quiz-timeout', 'moodle.courses'),
  q('reponses pas enregistrees quand le temps est ecoule', 'moodle-quiz-timeout'),
  q('impossible de recuperer les reponses du quiz apres expiration du temps', 'moodle-quiz-timeout'),
  // moodle-grades-export
  q('exporter les notes en excel', 'moodle-grades-export'),
  q('recuperer le carnet de notes pour la scolarite', 'moodle-grades-export', 'moodle'),
  q('telecharger les notes du cours en csv', 'moodle-grades-export'),
  q('export notes moodle', 'moodle-grades-export'),
  // moodle-grades-hidden
  q('mes etudiants ne voient pas leurs notes', 'moodle-grades-hidden'),
  q('les notes napparaissent pas pour les eleves alors que jai corrigé', 'moodle-grades-hidden'),
  q('je ne vois pas ma note du devoir sur moodle', 'moodle-grades-hidden', 'moodle.courses'),
  q('note cachée dans le bulletin', 'moodle-grades-hidden'),
  // moodle-enrol-cohort
  q('inscrire toute ma promo a mon cours', 'moodle-enrol-cohort'),
  q('ajouter une cohorte d etudiants dans un cours', 'moodle-enrol-cohort'),
  q('inscription des 3A dans mon espace moodle', 'moodle-enrol-cohort', 'moodle.courses'),
  q('les nouveaux etudiants de la promotion ne sont pas dans le cours', 'moodle-enrol-cohort'),
  // moodle-enrol-key
  q('cle d inscription moodle', 'moodle-enrol-key'),
  q('les etudiants doivent s inscrire eux memes avec un mot de passe', 'moodle-enrol-key'),
  q('autoinscription cours', 'moodle-enrol-key'),
  q('on me demande une clé pour entrer dans le cours', 'moodle-enrol-key', 'moodle'),
  // moodle-upload-limit
  q('fichier trop volumineux moodle', 'moodle-upload-limit'),
  q('impossible de deposer mon fichier de 200 mo dans le devoir', 'moodle-upload-limit'),
  q('taille max des fichiers sur openinsa', 'moodle-upload-limit', 'moodle'),
  q('le depot de mon rapport reste bloque a 50%', 'moodle-upload-limit'),
  q('upload refusé trop gros', 'moodle-upload-limit'),
  // moodle-login-sso
  q('impossible de me connecter a moodle', 'moodle-login-sso'),
  q('je reviens toujours sur la page de connexion openinsa', 'moodle-login-sso'),
  q('acces refuse compte non autorise moodle', 'moodle-login-sso', 'moodle.access'),
  q('connexion moodle en boucle', 'moodle-login-sso'),
  q('nouvel arrivant pas de compte sur moodle', 'moodle-login-sso'),
  // moodle-course-request
  q('demander un nouvel espace de cours', 'moodle-course-request'),
  q('creation d un cours moodle pour ma matiere', 'moodle-course-request'),
  q('je n ai pas encore d espace pour mon UE', 'moodle-course-request', 'moodle.courses'),
  q('ouvrir un cours sur moodle', 'moodle-course-request'),
  // moodle-assignment-extension
  q('prolonger la date limite du devoir pour un etudiant', 'moodle-assignment-extension'),
  q('tiers temps devoir moodle', 'moodle-assignment-extension'),
  q('un etudiant absent doit rendre son travail plus tard', 'moodle-assignment-extension'),
  q('donner plus de temps a un eleve pour rendre', 'moodle-assignment-extension', 'moodle'),
  // moodle-course-reset
  q('reutiliser mon cours de l annee derniere', 'moodle-course-reset'),
  q('vider le cours des anciens etudiants pour la rentree', 'moodle-course-reset'),
  q('sauvegarde et restauration d un cours', 'moodle-course-reset'),
  q('copier mon cours moodle pour la nouvelle annee', 'moodle-course-reset', 'moodle.courses'),
  // moodle-forum-mail
  q('je ne recois pas les mails du forum', 'moodle-forum-mail'),
  q('pas de notification des annonces moodle', 'moodle-forum-mail'),
  q('messages du forum n arrivent pas dans ma boite', 'moodle-forum-mail', 'moodle'),
  q('abonnement forum courriel', 'moodle-forum-mail'),
  // moodle-quiz-export-en
  q('cannot export quiz questions to xml', 'moodle-quiz-export-en'),
  q('quiz export error writing to file', 'moodle-quiz-export-en'),
  q('exporting questions from moodle fails', 'moodle-quiz-export-en', 'moodle'),
  q('export des questions du quiz en xml plante', 'moodle-quiz-export-en'),
  // moodle-guest-en
  q('erasmus student no moodle account', 'moodle-guest-en'),
  q('how do exchange students log in to moodle', 'moodle-guest-en'),
  q('guest access for a visiting speaker', 'moodle-guest-en', 'moodle.access'),
  q('etudiant en echange sans compte moodle', 'moodle-guest-en'),
  // moodle-grades-weight-en
  q('how to set weights on grades', 'moodle-grades-weight-en'),
  q('compute final mark weighted average gradebook', 'moodle-grades-weight-en'),
  q('coefficients des notes moodle moyenne ponderee', 'moodle-grades-weight-en'),
  q('gradebook aggregation', 'moodle-grades-weight-en', 'moodle.courses'),

  // opale-odt-libreoffice
  q('la generation odt ne marche pas', 'opale-odt-libreoffice'),
  q('impossible de generer mon module en .odt', 'opale-odt-libreoffice', 'scenari'),
  q('erreur xslt quand je publie en traitement de texte', 'opale-odt-libreoffice'),
  q('opale export libre office plante', 'opale-odt-libreoffice'),
  q('publication odt opalle echoue', 'opale-odt-libreoffice'),
  q('pas de fichier writer produit par scenari', 'opale-odt-libreoffice'),
  // opale-pdf-images
  q('images manquantes dans le pdf', 'opale-pdf-images'),
  q('mes schemas svg disparaissent a l impression', 'opale-pdf-images', 'scenari.opale'),
  q('export pdf opale images coupees', 'opale-pdf-images'),
  q('le support imprimable sort sans les figures', 'opale-pdf-images'),
  q('pdf tronqué en bas de page', 'opale-pdf-images'),
  // scenari-publish-web
  q('mettre mon module scenari en ligne', 'scenari-publish-web'),
  q('publier le site web du cours pour les etudiants', 'scenari-publish-web'),
  q('serveur de diffusion scenari', 'scenari-publish-web', 'scenari'),
  q('comment avoir l adresse web de mon module', 'scenari-publish-web'),
  // scenari-install
  q('installer scenarichain', 'scenari-install'),
  q('telecharger scenari sur mon mac', 'scenari-install'),
  q('installation du logiciel scenari sans etre admin', 'scenari-install', 'scenari'),
  q('comment je me connecte au serveur scenari du groupe', 'scenari-install'),
  // scenari-share-workshop
  q('partager mon atelier avec une collegue', 'scenari-share-workshop'),
  q('donner les droits de modification a un autre prof', 'scenari-share-workshop', 'scenari'),
  q('mon collegue ne voit pas l atelier', 'scenari-share-workshop'),
  q('ajouter un auteur dans un atelier scenari', 'scenari-share-workshop'),
  // opale-version-update
  q('quelle version d opale', 'opale-version-update'),
  q('migrer un atelier opale 3 vers opale 5', 'opale-version-update'),
  q('mon vieil atelier opale 4 ne s ouvre plus', 'opale-version-update', 'scenari.opale'),
  q('mise a jour du modele opale', 'opale-version-update'),
  // opale-scorm-en
  q('scorm package from opale', 'opale-scorm-en'),
  q('how to put my opale module in moodle', 'opale-scorm-en'),
  q('export scorm vers moodle', 'opale-scorm-en', 'scenari'),
  q('les scores des exercices opale dans le carnet moodle', 'opale-scorm-en'),
  // opale-slow-generation-en
  q('generation takes forever', 'opale-slow-generation-en'),
  q('opale publishing timeout', 'opale-slow-generation-en'),
  q('la publication de mon module est tres lente, plus de 10 minutes', 'opale-slow-generation-en'),
  q('timeout a la generation, j ai beaucoup de videos', 'opale-slow-generation-en', 'scenari.opale'),

  // portal-login-establishment
  q('je ne trouve pas mon etablissement dans la liste', 'portal-login-establishment'),
  q('uphf pas dans la liste de connexion', 'portal-login-establishment'),
  q('connexion portail quel etablissement choisir', 'portal-login-establishment', 'portal'),
  q('insa hdf absent page de login', 'portal-login-establishment'),
  // portal-profile-email
  q('changer mon adresse mail sur le portail', 'portal-profile-email'),
  q('mon nom est mal ecrit sur le portail', 'portal-profile-email'),
  q('modifier mon profil', 'portal-profile-email', 'portal'),
  q('le portail affiche mon ancien statut', 'portal-profile-email'),
  // portal-my-requests
  q('ou voir mes tickets', 'portal-my-requests'),
  q('suivre ma demande d assistance', 'portal-my-requests'),
  q('comment repondre au technicien', 'portal-my-requests', 'portal'),
  q('etat de ma demande', 'portal-my-requests'),
  // portal-password-en
  q('forgot my password', 'portal-password-en'),
  q('reset portal password', 'portal-password-en'),
  q('mot de passe oublié portail', 'portal-password-en', 'portal'),
  q('how do i change my password', 'portal-password-en'),

  // video-upload
  q('mettre une video en ligne', 'video-upload'),
  q('deposer l enregistrement de mon cours', 'video-upload', 'video'),
  q('quels formats de video sont acceptes', 'video-upload'),
  q('taille max d une video', 'video-upload'),
  q('upload a lecture recording', 'video-upload'),
  // video-encoding-stuck
  q('ma video est toujours en cours d encodage', 'video-encoding-stuck'),
  q('video bloquee en file d attente depuis hier', 'video-encoding-stuck'),
  q('la video filmée au smartphone ne se lit pas', 'video-encoding-stuck', 'video'),
  q('encodage bloqué', 'video-encoding-stuck'),
  q('video stuck processing', 'video-encoding-stuck'),
  // video-subtitles
  q('ajouter des sous titres', 'video-subtitles'),
  q('transcription automatique de ma video', 'video-subtitles'),
  q('fichier srt', 'video-subtitles', 'video'),
  q('add captions to a video', 'video-subtitles'),
  q('accessibilite video etudiant malentendant', 'video-subtitles'),
  // video-embed-moodle
  q('integrer une video dans moodle', 'video-embed-moodle'),
  q('code iframe video pour mon cours', 'video-embed-moodle'),
  q('afficher la video dans la page du cours plutot que le fichier', 'video-embed-moodle', 'video'),
  q('embed video in moodle course', 'video-embed-moodle'),
  // video-private-link
  q('partager une video en prive', 'video-private-link'),
  q('video visible seulement par mes etudiants', 'video-private-link'),
  q('lien privé video', 'video-private-link', 'video'),
  q('que personne d autre ne puisse voir ma video', 'video-private-link'),
  // video-live-en
  q('live stream a lecture', 'video-live-en'),
  q('diffuser un cours en direct', 'video-live-en'),
  q('obs rtmp stream key', 'video-live-en', 'video'),
  q('retransmission en direct d une conference', 'video-live-en'),

  // surveys-export
  q('exporter les reponses de mon enquete', 'surveys-export'),
  q('resultats du sondage en excel', 'surveys-export'),
  q('telecharger les stats du questionnaire', 'surveys-export', 'surveys'),
  q('export csv enquete', 'surveys-export'),
  // surveys-anonymous
  q('enquete anonyme', 'surveys-anonymous'),
  q('je veux que les reponses ne soient pas nominatives', 'surveys-anonymous'),
  q('anonymiser un questionnaire', 'surveys-anonymous', 'surveys'),
  q('anonymous survey', 'surveys-anonymous'),
  // surveys-create
  q('creer un questionnaire en ligne', 'surveys-create'),
  q('faire un sondage pour les etudiants', 'surveys-create'),
  q('question conditionnelle dans une enquete', 'surveys-create', 'surveys'),
  q('comment faire une enquete de satisfaction', 'surveys-create'),
  // surveys-reminders-en
  q('send a reminder to people who did not answer', 'surveys-reminders-en'),
  q('relancer les participants de mon enquete', 'surveys-reminders-en'),
  q('inviter une liste de participants par mail', 'surveys-reminders-en', 'surveys'),
  q('survey invitations csv', 'surveys-reminders-en'),

  // bot-wrong-answer
  q('le chatbot ne comprend rien', 'bot-wrong-answer'),
  q('le bot repond n importe quoi', 'bot-wrong-answer', 'bot'),
  q('l assistant me dit toujours je n ai pas compris', 'bot-wrong-answer'),
  q('reponse hors sujet du robot', 'bot-wrong-answer'),
  // bot-website-widget
  q('mettre le bot sur le site de mon ecole', 'bot-website-widget'),
  q('integrer le chatbot sur notre intranet', 'bot-website-widget'),
  q('script du bot pour un site web', 'bot-website-widget', 'bot'),
  q('ajouter l assistant sur le site internet', 'bot-website-widget'),
  // bot-human-en
  q('talk to a human', 'bot-human-en'),
  q('what can the bot do', 'bot-human-en'),
  q('parler a une vraie personne', 'bot-human-en', 'bot'),
  q('chatbot handover to staff', 'bot-human-en'),

  // chat-mobile-notifications
  q('pas de notif sur mon telephone', 'chat-mobile-notifications'),
  q('le tchat ne sonne pas sur android', 'chat-mobile-notifications'),
  q('notifications messagerie iphone ne marchent pas', 'chat-mobile-notifications', 'chat'),
  q('no push notifications on my phone', 'chat-mobile-notifications'),
  q('je ne vois les messages que quand j ouvre l appli', 'chat-mobile-notifications'),
  // chat-create-channel
  q('creer un canal pour mon equipe', 'chat-create-channel'),
  q('nouveau salon prive pour un projet', 'chat-create-channel', 'chat'),
  q('comment faire un groupe de discussion', 'chat-create-channel'),
  q('create a channel', 'chat-create-channel'),
  // chat-file-sharing
  q('envoyer un fichier dans le chat', 'chat-file-sharing'),
  q('taille max piece jointe messagerie', 'chat-file-sharing'),
  q('combien de temps sont gardes les fichiers du tchat', 'chat-file-sharing', 'chat'),
  q('send a file in chat', 'chat-file-sharing'),
  // chat-external-guest-en
  q('invite someone outside insa to the chat', 'chat-external-guest-en'),
  q('ajouter un partenaire exterieur dans un canal', 'chat-external-guest-en'),
  q('guest account chat expired', 'chat-external-guest-en', 'chat'),
  q('un industriel peut il rejoindre notre salon', 'chat-external-guest-en'),

  // appointments-book
  q('prendre rdv avec la scolarite', 'appointments-book'),
  q('reserver un creneau avec un prof', 'appointments-book'),
  q('rendez vous medecine preventive', 'appointments-book', 'appointments'),
  q('book an appointment', 'appointments-book'),
  // appointments-outlook-sync
  q('des etudiants prennent rdv sur des heures ou je suis deja occupe', 'appointments-outlook-sync'),
  q('synchro agenda outlook rendez vous', 'appointments-outlook-sync'),
  q('mon calendrier zimbra n est pas pris en compte', 'appointments-outlook-sync', 'appointments'),
  q('double reservation avec mon agenda', 'appointments-outlook-sync'),
  // appointments-open-slots
  q('ouvrir des creneaux de permanence', 'appointments-open-slots'),
  q('planifier les soutenances avec les etudiants', 'appointments-open-slots'),
  q('publier mes disponibilites', 'appointments-open-slots', 'appointments'),
  q('creer des plages de rendez vous recurrentes', 'appointments-open-slots'),
  // appointments-cancel-en
  q('cancel my appointment', 'appointments-cancel-en'),
  q('annuler un rendez vous', 'appointments-cancel-en'),
  q('reschedule appointment', 'appointments-cancel-en', 'appointments'),
  q('deplacer mon rdv', 'appointments-cancel-en'),

  // vr-booking
  q('reserver le cube vr', 'vr-booking'),
  q('reservation salle realite virtuelle pour mes etudiants', 'vr-booking'),
  q('je voudrais utiliser le cube pour une seance de td', 'vr-booking', 'vr-room.usage'),
  q('book the vr room', 'vr-booking'),
  q('formation obligatoire cube', 'vr-booking'),
  // vr-projector-calibration
  q('le projecteur ne s allume pas dans le cube', 'vr-projector-calibration'),
  q('image decalee entre les murs', 'vr-projector-calibration'),
  q('un mur reste noir', 'vr-projector-calibration', 'vr-room'),
  q('les lunettes 3d scintillent', 'vr-projector-calibration'),
  q('projector not working vr room', 'vr-projector-calibration'),
  // vr-headsets-en
  q('combien de personnes dans le cube', 'vr-headsets-en'),
  q('motion sickness', 'vr-headsets-en'),
  q('mal au coeur avec le casque', 'vr-headsets-en', 'vr-room'),
  q('how many people fit in the vr room', 'vr-headsets-en'),
  // vr-unity-app-en
  q('run my unity app in the cave', 'vr-unity-app-en'),
  q('lancer mon application unity dans le cube', 'vr-unity-app-en'),
  q('mon appli ne s affiche que sur le mur de face', 'vr-unity-app-en', 'vr-room'),
  q('plugin cave unity', 'vr-unity-app-en'),
];
