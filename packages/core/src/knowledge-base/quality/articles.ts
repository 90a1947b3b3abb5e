/**
 * The labelled evaluation set of issue 12 (suggestion quality), first half: published articles over
 * the demo catalogue's services, written as the support teams would write them. Near neighbours
 * compete on purpose (several Moodle articles on quizzes, grades, enrolment and uploads; several
 * Scenari ones on ODT, PDF and publishing) so that the set tells a good ranking from a lucky one.
 */
import type { CreateArticleInput, TagInput } from '../article.schemas.ts';

/** The tag vocabulary the articles use (synonyms are what requesters type instead). */
export const QUALITY_TAGS: readonly TagInput[] = [
  { code: 'quiz', label: 'Quiz', synonyms: ['test', 'qcm', 'examen'] },
  { code: 'notes', label: 'Carnet de notes', synonyms: ['grades', 'gradebook', 'evaluations'] },
  { code: 'inscription', label: 'Inscriptions', synonyms: ['enrolment', 'enrollment', 'cohorte'] },
  { code: 'depot', label: 'Dépôt de fichiers', synonyms: ['upload', 'televersement', 'telechargement'] },
  { code: 'connexion', label: 'Connexion', synonyms: ['login', 'cas', 'sso', 'authentification'] },
  { code: 'libreoffice', label: 'LibreOffice', synonyms: ['odt', 'writer', 'open office'] },
  { code: 'opale', label: 'Opale' },
  { code: 'pdf', label: 'PDF' },
  { code: 'publication', label: 'Publication', synonyms: ['publish', 'generation'] },
  { code: 'scorm', label: 'SCORM' },
  { code: 'video', label: 'Vidéo', synonyms: ['film', 'enregistrement', 'podcast'] },
  { code: 'sous-titres', label: 'Sous-titres', synonyms: ['subtitles', 'captions', 'transcription'] },
  { code: 'enquete', label: 'Enquête', synonyms: ['sondage', 'questionnaire', 'survey'] },
  { code: 'notifications', label: 'Notifications', synonyms: ['alertes', 'push'] },
  { code: 'mobile', label: 'Application mobile', synonyms: ['smartphone', 'telephone', 'android', 'iphone'] },
  { code: 'agenda', label: 'Agenda', synonyms: ['calendrier', 'outlook', 'calendar'] },
  { code: 'rendez-vous', label: 'Rendez-vous', synonyms: ['rdv', 'creneau', 'appointment'] },
  { code: 'cube-vr', label: 'Cube VR', synonyms: ['realite virtuelle', 'vr', 'casque'] },
  { code: 'bot', label: 'Bot', synonyms: ['chatbot', 'assistant', 'robot'] },
  { code: 'messagerie', label: 'Messagerie instantanée', synonyms: ['chat', 'tchat', 'canal', 'salon'] },
];

/** One article of the set: `key` names it in the queries. */
export interface QualityArticle {
  key: string;
  audience: 'requesters' | 'public';
  input: CreateArticleInput;
}

const fr = (
  key: string,
  audience: QualityArticle['audience'],
  input: CreateArticleInput,
): QualityArticle => ({
  key,
  audience,
  input: { language: 'fr', ...input },
});
const en = (
  key: string,
  audience: QualityArticle['audience'],
  input: CreateArticleInput,
): QualityArticle => ({
  key,
  audience,
  input: { ...input, language: 'en' },
});

export const QUALITY_ARTICLES: readonly QualityArticle[] = [
  // Moodle ---------------------------------------------------------------------------------------
  fr('moodle-quiz-create', 'public', {
    title: 'Créer un test (quiz) dans un cours Moodle',
    summary: 'Ajouter une activité Test, créer les questions dans la banque de questions et régler la durée.',
    body: 'Activez le mode édition, puis « Ajouter une activité » > Test. Créez les questions (choix multiple, vrai/faux, réponse courte) dans la banque de questions du cours, puis ajoutez-les au test. Réglez l’ouverture, la fermeture, la limite de temps et le nombre de tentatives autorisées.',
    kind: 'how_to',
    services: ['moodle.courses'],
    tags: ['quiz'],
  }),
  fr('moodle-quiz-timeout', 'requesters', {
    title: 'Moodle : tentatives de test perdues à la fin du temps imparti',
    summary: 'Les réponses des étudiants ne sont pas enregistrées quand le chronomètre arrive à zéro.',
    kind: 'known_error',
    symptom:
      'À la fin de la limite de temps, la tentative apparaît « jamais remise » et l’étudiant obtient zéro.',
    cause:
      'Le réglage « Lorsque le temps imparti est écoulé » vaut « Les tentatives doivent être remises avant l’expiration du temps ».',
    workaround:
      'L’enseignant peut rouvrir la tentative ou accorder une dérogation (tentative supplémentaire) à l’étudiant.',
    solution: 'Choisir « Les tentatives ouvertes sont envoyées automatiquement » dans les réglages du test.',
    services: ['moodle.courses'],
    tags: ['quiz'],
  }),
  fr('moodle-grades-export', 'public', {
    title: 'Exporter le carnet de notes Moodle vers un tableur',
    summary:
      'Télécharger les notes d’un cours au format Excel, ODS ou CSV pour les reporter dans la scolarité.',
    body: 'Dans le cours, ouvrez « Notes » puis l’onglet « Exporter ». Choisissez le format (Excel, OpenDocument, texte CSV), cochez les éléments d’évaluation à inclure et les champs d’identité (numéro étudiant), puis téléchargez.',
    kind: 'how_to',
    services: ['moodle.courses'],
    tags: ['notes'],
  }),
  fr('moodle-grades-hidden', 'requesters', {
    title: 'Moodle : les étudiants ne voient pas leurs notes',
    summary: 'Les notes sont saisies mais n’apparaissent pas dans le bulletin de l’étudiant.',
    kind: 'known_error',
    symptom: 'L’étudiant voit « - » ou rien dans son rapport de l’utilisateur alors que l’enseignant a noté.',
    cause: 'L’élément d’évaluation est caché, ou « Masquer jusqu’au » est réglé dans le carnet de notes.',
    solution:
      'Dans la configuration du carnet de notes, afficher l’élément (icône œil) ou retirer la date de masquage. Vérifier aussi que le rapport de l’utilisateur est visible dans les réglages du cours.',
    services: ['moodle.courses'],
    tags: ['notes'],
  }),
  fr('moodle-enrol-cohort', 'public', {
    title: 'Inscrire une promotion à un cours Moodle par cohorte',
    summary:
      'Les cohortes de l’établissement, alimentées par la scolarité, inscrivent d’un coup tous les étudiants d’une promotion.',
    body: 'Dans le cours : Participants > Méthodes d’inscription > Ajouter « Synchronisation des cohortes ». Choisissez la cohorte de la promotion (par exemple 3A-GM-2026) et le rôle étudiant. Les arrivées et départs se synchronisent chaque nuit.',
    kind: 'how_to',
    services: ['moodle.courses'],
    tags: ['inscription'],
  }),
  fr('moodle-enrol-key', 'public', {
    title: 'Auto-inscription avec une clé d’inscription',
    summary: 'Laisser les étudiants s’inscrire eux-mêmes à un cours avec un mot de passe donné en amphi.',
    body: 'Activez la méthode « Auto-inscription », définissez une clé d’inscription et une date de fin. Communiquez la clé aux étudiants : ils la saisissent une seule fois en ouvrant le cours.',
    kind: 'how_to',
    services: ['moodle.courses'],
    tags: ['inscription'],
  }),
  fr('moodle-upload-limit', 'requesters', {
    title: 'Moodle : « Le fichier est trop volumineux » au dépôt',
    summary: 'Un fichier de plus de 100 Mo est refusé dans un cours ou un devoir.',
    kind: 'known_error',
    symptom:
      'Le dépôt s’arrête avec le message « Le fichier est trop volumineux » ou la barre de progression reste bloquée.',
    cause:
      'La taille maximale des fichiers est de 100 Mo par fichier sur OpenINSA ; un devoir peut la limiter davantage.',
    workaround:
      'Compresser le fichier, ou déposer la vidéo sur la plateforme vidéo et mettre le lien dans le cours.',
    solution:
      'L’enseignant peut relever la limite du devoir jusqu’à 100 Mo ; au-delà, passer par la plateforme vidéo.',
    services: ['moodle.courses'],
    tags: ['depot'],
  }),
  fr('moodle-login-sso', 'public', {
    title: 'Impossible de se connecter à OpenINSA (Moodle) avec son compte',
    summary: 'La page de connexion de l’établissement revient en boucle ou affiche « accès refusé ».',
    kind: 'known_error',
    symptom:
      'Après avoir saisi identifiant et mot de passe de l’établissement, on revient à la page de connexion, ou l’erreur « votre compte n’est pas autorisé » s’affiche.',
    cause:
      'Le choix de l’établissement est mémorisé à tort dans le navigateur, ou le compte n’est pas encore créé par l’annuaire (nouveaux arrivants).',
    workaround:
      'Vider les cookies du site, choisir à nouveau son établissement dans la liste ; utiliser une fenêtre de navigation privée.',
    solution:
      'Les comptes des nouveaux arrivants sont créés la nuit suivant leur inscription dans l’annuaire.',
    services: ['moodle.access'],
    tags: ['connexion'],
  }),
  fr('moodle-course-request', 'requesters', {
    title: 'Demander la création d’un espace de cours Moodle',
    summary: 'Les enseignants demandent un nouvel espace pour une matière ou un module.',
    body: 'Depuis le tableau de bord, « Demander un cours » : indiquez l’intitulé, le code de l’unité d’enseignement et les enseignants associés. L’espace est ouvert sous 48 heures ouvrées par l’équipe Moodle.',
    kind: 'how_to',
    services: ['moodle.courses'],
  }),
  fr('moodle-assignment-extension', 'requesters', {
    title: 'Accorder un délai supplémentaire à un étudiant pour un devoir',
    summary: 'Prolonger la date limite de remise pour un seul étudiant (tiers temps, absence justifiée).',
    body: 'Dans le devoir, « Consulter tous les travaux remis », sélectionnez l’étudiant puis « Prolonger le délai ». Pour un tiers temps, utilisez plutôt une dérogation d’utilisateur sur le devoir ou le test.',
    kind: 'faq',
    services: ['moodle.courses'],
  }),
  fr('moodle-course-reset', 'requesters', {
    title: 'Réutiliser un cours Moodle d’une année sur l’autre',
    summary:
      'Sauvegarder, restaurer ou réinitialiser un cours pour la nouvelle rentrée sans les données des étudiants.',
    body: 'Pour garder le même espace : Administration du cours > Réinitialiser (supprime inscriptions, travaux et notes). Pour repartir d’une copie : Sauvegarde puis Restauration dans un nouvel espace, sans les données utilisateurs.',
    kind: 'how_to',
    services: ['moodle.courses'],
  }),
  fr('moodle-forum-mail', 'public', {
    title: 'Je ne reçois pas les messages des forums Moodle par courriel',
    summary:
      'Les messages du forum des annonces et des forums de cours n’arrivent pas dans la boîte aux lettres.',
    kind: 'faq',
    body: 'Vérifiez dans votre profil, « Préférences de notification », que les courriels sont activés pour les forums, et que vous êtes abonné au forum. Les messages partent 30 minutes après leur publication ; regardez aussi dans les indésirables.',
    services: ['moodle'],
    tags: ['notifications'],
  }),
  en('moodle-quiz-export-en', 'public', {
    title: 'Moodle quiz export fails',
    summary: 'Exporting quiz questions to Moodle XML stops with an error.',
    kind: 'known_error',
    symptom: 'Exporting questions from a quiz stops half way with "error writing to file".',
    cause: 'Questions with embedded images larger than 20 MB.',
    solution:
      'Export from the question bank by category instead of the whole course, or shrink the images first.',
    services: ['moodle.courses'],
    tags: ['quiz'],
  }),
  en('moodle-guest-en', 'public', {
    title: 'Moodle access for exchange and visiting students',
    summary:
      'Incoming Erasmus and visiting students get an OpenINSA account once registered by the international office.',
    kind: 'faq',
    body: 'Exchange students log in with the account created by their host INSA. Until it exists, teachers can open guest access to a course with a password. External speakers can be given a local account on request.',
    services: ['moodle.access'],
    tags: ['connexion'],
  }),
  en('moodle-grades-weight-en', 'public', {
    title: 'Weighting grades and computing the final mark in the Moodle gradebook',
    summary: 'Set coefficients on grade items and categories so the course total is the weighted average.',
    body: 'In Grades > Gradebook setup, choose "Weighted mean of grades" as the aggregation of the category, then set each item\'s weight. Use a calculation formula for a custom final mark.',
    kind: 'how_to',
    services: ['moodle.courses'],
    tags: ['notes'],
  }),

  // Scenari / Opale -------------------------------------------------------------------------------
  fr('opale-odt-libreoffice', 'requesters', {
    title: 'Opale : la génération ODT échoue avec LibreOffice',
    summary:
      'Publier un module Opale au format traitement de texte s’arrête sur une erreur de transformation.',
    kind: 'known_error',
    symptom: 'La publication au format .odt échoue sur une erreur XSLT, le fichier n’est pas produit.',
    cause: 'Bogue de la feuille de transformation d’Opale 5.0.3 avec LibreOffice 24.',
    workaround: 'Générer en PDF puis convertir, en attendant la mise à jour.',
    solution: 'Mettre à jour Opale en 5.0.4 (livrée par Kelis).',
    services: ['scenari.opale'],
    tags: ['libreoffice', 'opale', 'publication'],
  }),
  fr('opale-pdf-images', 'requesters', {
    title: 'Opale : images manquantes ou tronquées dans l’export PDF',
    summary:
      'Le support imprimable PDF sort sans certaines images, ou avec des images coupées en bas de page.',
    kind: 'known_error',
    symptom: 'Dans le PDF généré, les images SVG sont absentes et les grandes images sont coupées.',
    cause:
      'Le moteur d’impression ne gère pas les SVG avec texte intégré ni les images plus hautes qu’une page.',
    workaround: 'Convertir les SVG en PNG et réduire la hauteur des images avant de publier.',
    solution: 'Corrigé dans la version 5.1 du modèle.',
    services: ['scenari.opale'],
    tags: ['opale', 'pdf', 'publication'],
  }),
  fr('scenari-publish-web', 'public', {
    title: 'Publier un module Scenari en ligne pour les étudiants',
    summary: 'Générer la version web d’un module et la mettre en ligne sur le serveur de diffusion.',
    body: 'Dans l’atelier, sélectionnez l’item racine du module, onglet « Publications », choisissez « Site web », générez, puis « Envoyer vers le serveur de diffusion ». L’adresse publique s’affiche et peut être mise dans Moodle.',
    kind: 'how_to',
    services: ['scenari'],
    tags: ['publication'],
  }),
  fr('scenari-install', 'public', {
    title: 'Installer SCENARIchain sur son poste',
    summary: 'Télécharger et installer l’application cliente Scenari et se connecter au serveur du groupe.',
    body: 'Téléchargez SCENARIchain-desktop pour Windows, macOS ou Linux, installez-le sans droits administrateur, puis ajoutez le serveur du groupe avec votre compte d’établissement. Les modèles (Opale, Dokiel) se chargent automatiquement.',
    kind: 'how_to',
    services: ['scenari'],
  }),
  fr('scenari-share-workshop', 'requesters', {
    title: 'Partager un atelier Scenari avec un collègue',
    summary: 'Donner à un autre enseignant le droit de lire ou de modifier les contenus d’un atelier.',
    body: 'Seul le propriétaire de l’atelier peut ajouter des membres : Atelier > Propriétés > Rôles, ajoutez la personne par son courriel avec le rôle auteur ou lecteur. Elle voit l’atelier au prochain démarrage.',
    kind: 'how_to',
    services: ['scenari'],
  }),
  fr('opale-version-update', 'public', {
    title: 'Quelle version du modèle Opale utiliser ?',
    summary: 'Le serveur du groupe propose Opale 5 ; les contenus des anciennes versions se migrent.',
    kind: 'faq',
    body: 'La version maintenue par Kelis est Opale 5.x. Un atelier en Opale 3.x ou 4.x se migre par « Migrer l’atelier » ; faites-le sur une copie et vérifiez les exercices auto-évalués.',
    services: ['scenari.opale'],
    tags: ['opale'],
  }),
  en('opale-scorm-en', 'public', {
    title: 'Exporting an Opale module as a SCORM package for Moodle',
    summary: 'Generate a SCORM 2004 package from Opale and add it to a Moodle course as a SCORM activity.',
    body: 'In the Publications tab choose "SCORM", generate and download the zip. In Moodle, add a SCORM package activity and upload the zip. Scores of self-assessment exercises are reported to the gradebook.',
    kind: 'how_to',
    services: ['scenari.opale'],
    tags: ['scorm', 'opale'],
  }),
  en('opale-slow-generation-en', 'requesters', {
    title: 'Opale generation is very slow or times out',
    summary: 'Publishing a large module takes more than ten minutes or stops with a timeout.',
    kind: 'known_error',
    symptom: 'The generation progress bar stalls and ends with "timeout" for modules with many videos.',
    cause: 'Videos are stored inside the workshop and copied at every generation.',
    workaround: 'Put videos on the video platform and embed them by link.',
    solution: 'Keep media out of the workshop; the generation server limit is 15 minutes.',
    services: ['scenari.opale'],
    tags: ['opale', 'publication'],
  }),

  // Portal ----------------------------------------------------------------------------------------
  fr('portal-login-establishment', 'public', {
    title: 'Mon établissement n’apparaît pas à la connexion au portail',
    summary: 'Choisir le bon fournisseur d’identité pour se connecter au portail numérique du groupe.',
    kind: 'known_error',
    symptom:
      'Sur la page de connexion du portail, l’établissement (par exemple INSA Hauts-de-France ou UPHF) est introuvable dans la liste.',
    cause: 'Certains établissements sont listés sous le nom de leur université de rattachement.',
    solution:
      'Tapez le début du nom de la ville dans le champ de recherche de la liste ; les personnels de l’UPHF choisissent « INSA Hauts-de-France ».',
    services: ['portal'],
    tags: ['connexion'],
  }),
  fr('portal-profile-email', 'public', {
    title: 'Modifier son nom ou son adresse électronique sur le portail',
    summary: 'Les informations de profil viennent de l’annuaire de l’établissement.',
    kind: 'faq',
    body: 'Le nom, l’adresse électronique et le statut affichés sur le portail sont fournis par votre établissement à chaque connexion. Pour les corriger, adressez-vous à la DSI de votre établissement ; le portail se met à jour à la connexion suivante.',
    services: ['portal'],
  }),
  fr('portal-my-requests', 'public', {
    title: 'Suivre mes demandes d’assistance sur le portail',
    summary: 'Retrouver ses tickets, leur état et répondre aux questions des techniciens.',
    body: 'Rubrique « Mes demandes » du portail : chaque demande affiche son état (nouvelle, en cours, en attente, résolue), l’équipe qui la traite et les échanges. Répondez directement depuis la demande ; une notification vous prévient à chaque étape.',
    kind: 'how_to',
    services: ['portal'],
  }),
  en('portal-password-en', 'public', {
    title: 'Forgotten password for the group portal',
    summary: 'The portal uses your own establishment account: reset the password with your establishment.',
    kind: 'faq',
    body: 'There is no separate portal password. Use the password reset page of your own INSA (or university) IT department, then sign in again through single sign-on.',
    services: ['portal'],
    tags: ['connexion'],
  }),

  // Video ---------------------------------------------------------------------------------------
  fr('video-upload', 'public', {
    title: 'Déposer une vidéo sur la plateforme vidéo',
    summary: 'Mettre en ligne un enregistrement de cours : formats acceptés, taille et durée maximales.',
    body: 'Bouton « Ajouter une vidéo » : formats MP4, MOV, MKV ou WebM, jusqu’à 4 Go et 3 heures. Renseignez le titre, la description et le type de diffusion (publique, établissement, lien privé). L’encodage commence dès la fin du transfert.',
    kind: 'how_to',
    services: ['video'],
    tags: ['video', 'depot'],
  }),
  fr('video-encoding-stuck', 'requesters', {
    title: 'Plateforme vidéo : la vidéo reste « en cours d’encodage »',
    summary: 'Une vidéo déposée n’est toujours pas lisible plusieurs heures après le dépôt.',
    kind: 'known_error',
    symptom:
      'Le statut reste « en cours d’encodage » ou « en file d’attente » et la vignette ne s’affiche pas.',
    cause:
      'Fichier à fréquence d’images variable (enregistrements de smartphone) que l’encodeur rejette en silence.',
    workaround: 'Réexporter la vidéo en MP4 à fréquence constante (HandBrake) et la déposer à nouveau.',
    solution:
      'Correctif de l’encodeur prévu ; les dépôts bloqués depuis plus de 24 heures sont relancés par l’équipe.',
    services: ['video'],
    tags: ['video'],
  }),
  fr('video-subtitles', 'public', {
    title: 'Ajouter des sous-titres à une vidéo',
    summary: 'Générer une transcription automatique ou déposer un fichier de sous-titres VTT ou SRT.',
    body: 'Dans l’édition de la vidéo, onglet « Sous-titres » : lancez la transcription automatique (français ou anglais), corrigez-la dans l’éditeur, ou déposez votre propre fichier .vtt ou .srt. Les sous-titres sont nécessaires pour l’accessibilité des cours.',
    kind: 'how_to',
    services: ['video'],
    tags: ['sous-titres', 'video'],
  }),
  fr('video-embed-moodle', 'public', {
    title: 'Intégrer une vidéo de la plateforme dans un cours Moodle',
    summary: 'Afficher la vidéo dans la page du cours plutôt que de déposer le fichier dans Moodle.',
    body: 'Sur la page de la vidéo, « Partager » > « Intégrer », copiez le code iframe et collez-le dans une étiquette ou une page Moodle (bouton source HTML de l’éditeur). La vidéo n’occupe aucun quota de dépôt de Moodle.',
    kind: 'how_to',
    services: ['video'],
    tags: ['video'],
  }),
  fr('video-private-link', 'public', {
    title: 'Partager une vidéo seulement avec certaines personnes',
    summary: 'Diffusion par lien privé ou réservée aux membres de l’établissement.',
    kind: 'faq',
    body: 'Choisissez le type de diffusion « lien privé » : seules les personnes qui ont l’adresse peuvent la voir, elle n’apparaît pas dans les recherches. « Établissement » demande une connexion avec un compte de l’établissement.',
    services: ['video'],
    tags: ['video'],
  }),
  en('video-live-en', 'public', {
    title: 'Streaming a lecture live on the video platform',
    summary: 'Schedule a live event, stream from the lecture hall or OBS, and keep the recording.',
    body: 'Create a live event, copy the RTMP address and stream key into OBS or the lecture-hall encoder. Viewers follow on the event page; the recording is published automatically after the event ends.',
    kind: 'faq',
    services: ['video'],
    tags: ['video'],
  }),

  // Surveys -------------------------------------------------------------------------------------
  fr('surveys-export', 'public', {
    title: 'Exporter les résultats d’une enquête en ligne',
    summary: 'Les résultats d’une enquête se téléchargent au format tableur ou PDF.',
    kind: 'faq',
    body: 'Dans l’enquête, « Réponses et statistiques » > « Exporter » : Excel ou CSV pour les réponses brutes, PDF pour les statistiques avec graphiques.',
    services: ['surveys'],
    tags: ['enquete'],
  }),
  fr('surveys-anonymous', 'public', {
    title: 'Rendre une enquête anonyme',
    summary: 'Ne pas enregistrer qui a répondu, tout en limitant à une réponse par personne.',
    kind: 'faq',
    body: 'Dans les paramètres de l’enquête, activez « Réponses anonymes » avant la première réponse : l’option ne peut plus être changée ensuite. Les jetons d’invitation garantissent une réponse par personne sans lier la réponse à l’identité.',
    services: ['surveys'],
    tags: ['enquete'],
  }),
  fr('surveys-create', 'public', {
    title: 'Créer une enquête ou un questionnaire en ligne',
    summary: 'Types de questions, logique conditionnelle et diffusion du lien aux participants.',
    body: 'Nouvelle enquête : ajoutez des groupes de questions, puis des questions (choix unique, choix multiples, échelle, texte libre, matrice). Les conditions affichent une question selon une réponse précédente. Activez l’enquête et diffusez le lien ou invitez une liste de participants.',
    kind: 'how_to',
    services: ['surveys'],
    tags: ['enquete'],
  }),
  en('surveys-reminders-en', 'public', {
    title: 'Sending invitations and reminders to survey participants',
    summary: 'Invite a participant list by email and remind those who have not answered yet.',
    body: 'Import participants from a CSV file (name, email), send the invitations, then use "Send reminders" which only writes to people who have not completed the survey.',
    kind: 'how_to',
    services: ['surveys'],
    tags: ['enquete'],
  }),

  // Bot -------------------------------------------------------------------------------------------
  fr('bot-wrong-answer', 'public', {
    title: 'Le bot du groupe répond à côté de la question',
    summary: 'L’assistant conversationnel ne comprend pas la demande ou donne une réponse sans rapport.',
    kind: 'known_error',
    symptom: 'Le bot propose des réponses hors sujet ou répète « je n’ai pas compris ».',
    cause:
      'La question contient plusieurs demandes à la fois, ou un sujet que la base de réponses ne couvre pas encore.',
    workaround:
      'Poser une seule question courte, ou demander « parler à un conseiller » pour être mis en relation.',
    solution:
      'Signalez la conversation avec le pouce vers le bas : l’équipe enrichit les réponses chaque semaine.',
    services: ['bot'],
    tags: ['bot'],
  }),
  fr('bot-website-widget', 'requesters', {
    title: 'Ajouter le bot du groupe sur le site de son établissement',
    summary: 'Intégrer la fenêtre de discussion du bot sur un site internet ou intranet.',
    body: 'Demandez un identifiant de site à l’équipe portail, puis collez le script fourni avant la fin de la page. Le bot reconnaît l’établissement et adapte ses réponses (calendrier, contacts).',
    kind: 'how_to',
    services: ['bot'],
    tags: ['bot'],
  }),
  en('bot-human-en', 'public', {
    title: 'What can the group bot answer, and how to reach a person',
    summary: 'The bot answers common questions about the shared services and hands over to staff.',
    kind: 'faq',
    body: 'The bot knows the shared services, opening hours and how-to guides. Type "talk to someone" to open a request that support staff will answer by email.',
    services: ['bot'],
    tags: ['bot'],
  }),

  // Chat ------------------------------------------------------------------------------------------
  fr('chat-mobile-notifications', 'requesters', {
    title: 'Messagerie instantanée : pas de notifications sur le téléphone',
    summary: 'Les messages arrivent sur l’ordinateur mais le téléphone ne sonne pas.',
    kind: 'known_error',
    symptom:
      'Sur l’application mobile, aucune notification n’apparaît ; les messages s’affichent seulement à l’ouverture.',
    cause:
      'L’optimisation de batterie d’Android ou le mode concentration d’iOS coupe l’application en arrière-plan.',
    workaround:
      'Exclure l’application de l’optimisation de batterie et autoriser les notifications dans les réglages du téléphone.',
    solution: 'Dans l’application : Préférences > Notifications > « Mobile : toutes les activités ».',
    services: ['chat'],
    tags: ['notifications', 'mobile', 'messagerie'],
  }),
  fr('chat-create-channel', 'public', {
    title: 'Créer un canal de discussion pour une équipe ou un projet',
    summary: 'Canal public ou privé, ajout des membres et des invités.',
    body: 'Bouton « + » > « Créer un canal » : donnez un nom, choisissez public (visible de tout le groupe) ou privé (sur invitation), puis ajoutez les membres par leur nom ou leur courriel.',
    kind: 'how_to',
    services: ['chat'],
    tags: ['messagerie'],
  }),
  fr('chat-file-sharing', 'public', {
    title: 'Envoyer des fichiers dans la messagerie instantanée',
    summary: 'Taille maximale des pièces jointes et durée de conservation.',
    kind: 'faq',
    body: 'Glissez le fichier dans la conversation : jusqu’à 50 Mo par fichier. Les fichiers sont conservés un an ; pour des documents de travail durables, utilisez plutôt l’espace de stockage de votre établissement.',
    services: ['chat'],
    tags: ['messagerie', 'depot'],
  }),
  en('chat-external-guest-en', 'public', {
    title: 'Inviting an external partner to the group chat',
    summary: 'People outside INSA can join a private channel as guests.',
    kind: 'faq',
    body: 'Channel owners can invite a guest by email address. Guests only see the channels they are invited to and their account expires after six months unless renewed.',
    services: ['chat'],
    tags: ['messagerie'],
  }),

  // Appointments --------------------------------------------------------------------------------
  fr('appointments-book', 'public', {
    title: 'Prendre rendez-vous avec un service ou un enseignant',
    summary: 'Réserver un créneau en ligne et recevoir la confirmation par courriel.',
    body: 'Choisissez le service (scolarité, relations internationales, médecine préventive…) ou la personne, puis un créneau libre dans le calendrier. Une confirmation et un rappel la veille sont envoyés par courriel.',
    kind: 'how_to',
    services: ['appointments'],
    tags: ['rendez-vous'],
  }),
  fr('appointments-outlook-sync', 'requesters', {
    title: 'Prise de rendez-vous : les créneaux ne tiennent pas compte de mon agenda',
    summary: 'Des rendez-vous sont pris sur des heures déjà occupées dans l’agenda Outlook ou Zimbra.',
    kind: 'known_error',
    symptom: 'Des étudiants réservent des créneaux alors que l’agenda personnel est déjà occupé.',
    cause:
      'La synchronisation avec l’agenda n’est faite que toutes les heures, et seulement pour les agendas reliés.',
    workaround: 'Bloquer les indisponibilités directement dans l’outil de prise de rendez-vous.',
    solution: 'Relier son agenda dans Paramètres > Agendas connectés (Exchange ou CalDAV).',
    services: ['appointments'],
    tags: ['agenda', 'rendez-vous'],
  }),
  fr('appointments-open-slots', 'requesters', {
    title: 'Ouvrir des créneaux de rendez-vous pour ses étudiants',
    summary: 'Les enseignants et les services publient leurs disponibilités (permanences, soutenances).',
    body: 'Créez un type de rendez-vous (durée, lieu ou visioconférence), puis des plages de disponibilité récurrentes. Partagez le lien de réservation avec vos étudiants.',
    kind: 'how_to',
    services: ['appointments'],
    tags: ['rendez-vous'],
  }),
  en('appointments-cancel-en', 'public', {
    title: 'Cancelling or rescheduling an appointment',
    summary: 'Use the link in the confirmation email up to two hours before the slot.',
    kind: 'faq',
    body: 'Every confirmation email has a "Cancel or reschedule" link. After the deadline, contact the service directly so the slot can be released.',
    services: ['appointments'],
    tags: ['rendez-vous'],
  }),

  // VR room ---------------------------------------------------------------------------------------
  fr('vr-booking', 'public', {
    title: 'Réserver le cube VR pour une séance',
    summary: 'Demande de réservation de la salle de réalité virtuelle, validée par son responsable.',
    body: 'Ouvrez une demande sur le service « Utilisation du cube VR » en précisant la date, le nombre de participants et le matériel. Le responsable du cube valide la demande ; comptez une semaine. Une formation à la prise en main est obligatoire la première fois.',
    kind: 'how_to',
    services: ['vr-room.usage'],
    tags: ['cube-vr'],
  }),
  fr('vr-projector-calibration', 'requesters', {
    title: 'Cube VR : image décalée ou projecteur qui ne s’allume pas',
    summary: 'Les images des murs ne se raccordent pas ou un des projecteurs reste noir.',
    kind: 'known_error',
    symptom: 'Un mur reste noir, ou l’image est décalée entre deux murs et les lunettes 3D scintillent.',
    cause:
      'L’ordre d’allumage n’a pas été respecté : le serveur de rendu doit démarrer après les projecteurs.',
    workaround:
      'Éteindre le serveur de rendu, allumer les projecteurs un par un, attendre deux minutes, puis relancer le serveur.',
    solution: 'Si le décalage persiste, demander un recalibrage à l’équipe du cube VR.',
    services: ['vr-room'],
    tags: ['cube-vr'],
  }),
  en('vr-headsets-en', 'public', {
    title: 'VR room: group size, headsets and motion sickness',
    summary: 'Up to twelve people with 3D glasses; a few tips against dizziness.',
    kind: 'faq',
    body: 'The cube welcomes up to twelve people; one person drives with the tracked headset, the others wear 3D glasses. Sessions longer than 45 minutes should include breaks; anyone feeling dizzy or nauseous should step out.',
    services: ['vr-room'],
    tags: ['cube-vr'],
  }),
  en('vr-unity-app-en', 'requesters', {
    title: 'Running your own Unity application in the VR room',
    summary: 'Package a Unity build for the cave cluster and test it before the session.',
    body: 'Build with the cave plugin supplied by the VR team, copy the build to the shared drive and ask for a test slot. Applications that do not use the plugin only display on the front wall.',
    kind: 'how_to',
    services: ['vr-room'],
    tags: ['cube-vr'],
  }),
];
