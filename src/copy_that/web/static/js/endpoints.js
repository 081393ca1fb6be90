/**
 * Paths of the service's `/api/v1` routes the web app calls, in one place.
 */

const enc = encodeURIComponent;

export const endpoints = {
  register: () => "/auth/register",
  login: () => "/auth/login",
  logout: () => "/auth/logout",
  me: () => "/auth/me",
  apiKeys: () => "/api-keys",
  apiKey: (keyId) => `/api-keys/${enc(keyId)}`,
  projects: (offset, limit) => `/projects?offset=${offset}&limit=${limit}`,
  createProject: () => "/projects",
  project: (id) => `/projects/${enc(id)}`,
  images: (id) => `/projects/${enc(id)}/images?limit=500`,
  uploadImages: (id) => `/projects/${enc(id)}/images`,
  importImage: (id) => `/projects/${enc(id)}/images/import`,
  image: (id, imageId) => `/projects/${enc(id)}/images/${enc(imageId)}`,
  imageContent: (id, imageId) => `/projects/${enc(id)}/images/${enc(imageId)}/content`,
  imageTokens: (id, imageId) => `/projects/${enc(id)}/images/${enc(imageId)}/tokens`,
  jobs: (id) => `/projects/${enc(id)}/jobs`,
  job: (id, jobId) => `/projects/${enc(id)}/jobs/${enc(jobId)}`,
  jobEvents: (id, jobId) => `/projects/${enc(id)}/jobs/${enc(jobId)}/events`,
  cancelJob: (id, jobId) => `/projects/${enc(id)}/jobs/${enc(jobId)}/cancel`,
  tokens: (id) => `/projects/${enc(id)}/tokens`,
  exportTokens: (id, format, version) =>
    `/projects/${enc(id)}/tokens?format=${enc(format)}${version ? `&version=${enc(version)}` : ""}`,
  edits: (id) => `/projects/${enc(id)}/tokens/edits`,
  edit: (id, editId) => `/projects/${enc(id)}/tokens/edits/${enc(editId)}`,
  versions: (id) => `/projects/${enc(id)}/versions?limit=100`,
  version: (id, number) => `/projects/${enc(id)}/versions/${enc(number)}`,
  diff: (id, from, to) => `/projects/${enc(id)}/versions/${enc(to)}/diff?against=${enc(from)}`,
  formats: () => "/formats",
};
